using System.Net;
using System.Reflection;
using AdvisorBot.BotFramework.Authentication;
using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>The channel's keys are fetched once and kept; fetched again after about a day, and early
/// when a token names a new key — but no more than hourly, whatever forged key ids arrive.</summary>
public class SigningKeyRefreshTests
{
    private static async Task<HttpStatusCode> PostAsync(BotFrameworkWorld world, TestSigningKey key) =>
        (await world.Bot.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, TeamsActivities.NewConversationId(), "help"), TestTokens.Signed(key, world.ChannelToken()))).StatusCode;

    /// <summary>
    /// IdentityModel's ConfigurationManager, which keeps the keys, reads its own clock (an internal
    /// TimeProvider it has for its own tests), not the host's; the test hands it the test's clock
    /// so that a day can pass in a moment.
    /// </summary>
    private static void KeysOnTheTestClock(BotFrameworkWorld world, TimeProvider time)
    {
        var keys = world.Bot.Services.GetRequiredService<BotSigningKeys>();
        var clock = typeof(ConfigurationManager<OpenIdConnectConfiguration>).GetField("TimeProvider", BindingFlags.Instance | BindingFlags.NonPublic)
                    ?? throw new InvalidOperationException("IdentityModel's ConfigurationManager has no TimeProvider field any more");
        clock.SetValue(keys.Authority(world.Channel.ChannelMetadataUrl), time);
    }

    [Fact]
    public async Task Keys_are_fetched_once_and_again_after_24_hours()
    {
        var time = new TestTime();
        await using var world = await BotFrameworkWorld.StartAsync(time: time);
        KeysOnTheTestClock(world, time);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(world, world.ChannelKey));
        time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(world, world.ChannelKey));
        Assert.Equal(1, world.Channel.ChannelKeyFetches);

        // The library spreads refreshes of many hosts with a little random delay past the day.
        time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(world, world.ChannelKey));
        Assert.Equal(2, world.Channel.ChannelKeyFetches);
    }

    [Fact]
    public async Task A_rolled_over_key_is_fetched_when_first_seen_but_unknown_keys_refresh_at_most_hourly()
    {
        var time = new TestTime();
        await using var world = await BotFrameworkWorld.StartAsync(time: time);
        KeysOnTheTestClock(world, time);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(world, world.ChannelKey));

        using var rolled = new TestSigningKey("channel-key-2", "msteams");
        world.Channel.ChannelKeys.Add(rolled);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(world, rolled));
        Assert.Equal(2, world.Channel.ChannelKeyFetches);

        using var forged = new TestSigningKey("made-up-key", "msteams");
        using var another = new TestSigningKey("another-made-up-key", "msteams");
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(world, forged));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(world, another));
        Assert.Equal(2, world.Channel.ChannelKeyFetches);

        using var next = new TestSigningKey("channel-key-3", "msteams");
        world.Channel.ChannelKeys.Add(next);
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(world, next));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(world, next));
        Assert.Equal(3, world.Channel.ChannelKeyFetches);
    }
}
