using System.Net;
using AdvisorBot.Tests.BotFramework.Support;
using Microsoft.Extensions.Logging;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>Without a MicrosoftAppId the bot runs locally (the Emulator without credentials):
/// said loudly at start-up, no token needed or sent — but a token that is sent is still checked.</summary>
public class AnonymousModeTests(AnonymousModeTests.Fixture fixture) : IClassFixture<AnonymousModeTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public BotFrameworkWorld World { get; private set; } = null!;

        public async Task InitializeAsync() => World = await BotFrameworkWorld.StartAsync(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = null,
            ["MicrosoftAppPassword"] = null,
        });

        public async Task DisposeAsync() => await World.DisposeAsync();
    }

    private BotFrameworkWorld World => fixture.World;

    [Fact]
    public void Start_up_warns_that_the_bot_runs_in_anonymous_mode()
    {
        Assert.Contains(World.Bot.Logs.Lines, line => line.Level == LogLevel.Warning && line.Message.Contains("anonymous mode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_activity_without_a_token_is_answered_and_the_reply_carries_no_token()
    {
        var conversation = Guid.NewGuid().ToString("N") + "|livechat";

        var response = await World.Bot.PostAsync(TeamsActivities.Message(World.Channel.ServiceUrl, conversation, "help", channelId: "emulator"), token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(World.Channel.Delivered, request => request.RawTarget.Contains(Uri.EscapeDataString(conversation)));
        Assert.Equal("", reply.Authorization);
        Assert.Empty(World.Channel.TokenRequests);
    }

    [Fact]
    public async Task A_token_that_is_sent_is_still_checked()
    {
        using var impostor = new TestSigningKey(World.ChannelKey.KeyId, "emulator");
        var forged = TestTokens.Signed(impostor, World.ChannelToken());
        var expired = TestTokens.Signed(World.ChannelKey, World.ChannelToken() with { NotBefore = DateTimeOffset.UtcNow.AddHours(-2), Expires = DateTimeOffset.UtcNow.AddHours(-1) });
        var good = TestTokens.Signed(World.ChannelKey, World.ChannelToken());
        var conversation = Guid.NewGuid().ToString("N");

        Assert.Equal(HttpStatusCode.Unauthorized, (await World.Bot.PostAsync(TeamsActivities.Message(World.Channel.ServiceUrl, conversation, "help", "emulator"), forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await World.Bot.PostAsync(TeamsActivities.Message(World.Channel.ServiceUrl, conversation, "help", "emulator"), expired)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await World.Bot.PostAsync(TeamsActivities.Message(World.Channel.ServiceUrl, conversation, "help", "emulator"), TestTokens.Unsigned(World.ChannelKey, World.ChannelToken()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await World.Bot.PostAsync(TeamsActivities.Message(World.Channel.ServiceUrl, conversation, "help", "emulator"), good)).StatusCode);
        Assert.Single(World.Channel.Delivered, request => request.RawTarget.Contains(conversation));
    }
}
