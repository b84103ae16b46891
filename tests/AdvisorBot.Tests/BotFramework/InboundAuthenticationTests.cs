using System.Net;
using AdvisorBot.Tests.BotFramework.Support;
using Microsoft.IdentityModel.Tokens;

namespace AdvisorBot.Tests.BotFramework;

public sealed class BotFrameworkWorldFixture : IAsyncLifetime
{
    public BotFrameworkWorld World { get; private set; } = null!;

    public async Task InitializeAsync() => World = await BotFrameworkWorld.StartAsync();

    public async Task DisposeAsync() => await World.DisposeAsync();
}

/// <summary>Every inbound activity must carry a token the Bot Connector (or the Emulator) signed
/// for this bot; anything else is refused with 401 and the bot does nothing at all.</summary>
public class InboundAuthenticationTests(BotFrameworkWorldFixture fixture) : IClassFixture<BotFrameworkWorldFixture>
{
    private BotFrameworkWorld World => fixture.World;

    private const string Question = "Does Flask come with an ORM?";

    [Fact]
    public async Task A_message_with_a_good_channel_token_is_answered()
    {
        var conversation = TeamsActivities.NewConversationId();

        var response = await World.PostAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(World.Channel.Delivered, request => request.Type == "message" && request.RawTarget.Contains(Uri.EscapeDataString(conversation)));
    }

    [Theory]
    [InlineData("no token", "no Authorization header")]
    [InlineData("not a bearer token", "not 'Bearer <token>'")]
    [InlineData("not a JWT", "not a readable JWT")]
    [InlineData("bad signature", "InvalidSignature")]
    [InlineData("expired", "InvalidLifetime")]
    [InlineData("not yet valid", "InvalidLifetime")]
    [InlineData("wrong audience", "InvalidAudience")]
    [InlineData("no audience", "InvalidAudience")]
    [InlineData("wrong issuer", "issuer 'https://api.botframework.evil' is not accepted")]
    [InlineData("serviceurl missing", "no serviceurl claim")]
    [InlineData("serviceurl different", "serviceurl is not the activity's serviceUrl")]
    [InlineData("key not endorsed for the channel", "not endorsed for channel 'msteams'")]
    [InlineData("unknown key", "'never-published' is not one of the authority's keys")]
    [InlineData("alg none", "algorithm 'none' is not accepted")]
    [InlineData("HS256", "algorithm 'HS256' is not accepted")]
    [InlineData("RS256 header on an HS256 signature", "InvalidSignature")]
    [InlineData("emulator issuer, channel key", "'channel-key-1' is not one of the authority's keys")]
    [InlineData("emulator token for another app", "azp is not this bot's app id")]
    [InlineData("emulator token of unknown version", "version '3.0' is not known")]
    public async Task A_forged_or_wrong_token_is_refused_with_401_and_nothing_is_sent(string forgery, string reason)
    {
        var conversation = TeamsActivities.NewConversationId();
        var activity = TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question);
        var before = World.Channel.ConnectorRequests.Count;
        var answersBefore = World.Bot.RecordedQuestions();
        var logsBefore = World.Bot.Logs.Lines.Count;

        var response = forgery == "not a bearer token"
            ? await World.Bot.PostAsync(activity, Convert.ToBase64String("user:password"u8.ToArray()), scheme: "Basic")
            : await World.Bot.PostAsync(activity, Forge(forgery));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, World.Channel.ConnectorRequests.Count);
        Assert.Equal(answersBefore, World.Bot.RecordedQuestions());
        // Refused for the reason under test, not by accident for another.
        Assert.Contains(World.Bot.Logs.Lines.Skip(logsBefore), line => line.Message.StartsWith("Refused activity", StringComparison.Ordinal) && line.Message.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_a_little_past_expiry_is_accepted_within_the_five_minutes_of_clock_skew()
    {
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Signed(World.ChannelKey, World.ChannelToken() with { NotBefore = now.AddHours(-1), Expires = now.AddMinutes(-3) });

        var response = await World.Bot.PostAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_serviceurl_claim_is_compared_without_regard_to_case()
    {
        var token = TestTokens.Signed(World.ChannelKey, World.ChannelToken() with { ServiceUrl = World.Channel.ServiceUrl.ToUpperInvariant() });

        var response = await World.Bot.PostAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_key_endorsed_only_for_web_chat_is_accepted_for_web_chat()
    {
        var token = TestTokens.Signed(World.WebChatOnlyKey, World.ChannelToken());

        var response = await World.Bot.PostAsync(TeamsActivities.Message(World.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question, channelId: "webchat"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task RS384_and_RS512_tokens_are_accepted(string algorithm)
    {
        var token = TestTokens.Signed(World.ChannelKey, World.ChannelToken(), algorithm);

        var response = await World.Bot.PostAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(BotFrameworkWorld.EmulatorIssuerV1, "1.0", "appid")]
    [InlineData(BotFrameworkWorld.EmulatorIssuerV2, "2.0", "azp")]
    public async Task An_emulator_token_naming_this_bot_is_accepted(string issuer, string version, string appIdClaim)
    {
        var token = TestTokens.Signed(World.EmulatorKey, EmulatorToken(issuer, version, appIdClaim, BotUnderTest.AppId));
        var conversation = Guid.NewGuid().ToString("N") + "|livechat";

        var response = await World.Bot.PostAsync(TeamsActivities.Message(World.Channel.ServiceUrl, conversation, Question, channelId: "emulator"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(World.Channel.Delivered, request => request.RawTarget.Contains(Uri.EscapeDataString(conversation)));
    }

    private TokenSpec EmulatorToken(string issuer, string version, string appIdClaim, string appId)
    {
        var now = DateTimeOffset.UtcNow;
        return new TokenSpec
        {
            Issuer = issuer,
            Audience = BotUnderTest.AppId,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, string> { ["ver"] = version, [appIdClaim] = appId },
        };
    }

    private string? Forge(string forgery)
    {
        var good = World.ChannelToken();
        var now = DateTimeOffset.UtcNow;
        switch (forgery)
        {
            case "no token":
                return null;
            case "not a JWT":
                return "definitely.not.a-jwt";
            case "bad signature":
                using (var impostor = new TestSigningKey(World.ChannelKey.KeyId, "msteams"))
                    return TestTokens.Signed(impostor, good);
            case "expired":
                return TestTokens.Signed(World.ChannelKey, good with { NotBefore = now.AddHours(-2), Expires = now.AddMinutes(-10) });
            case "not yet valid":
                return TestTokens.Signed(World.ChannelKey, good with { NotBefore = now.AddMinutes(10), Expires = now.AddHours(1) });
            case "wrong audience":
                return TestTokens.Signed(World.ChannelKey, good with { Audience = Guid.NewGuid().ToString() });
            case "no audience":
                return TestTokens.Signed(World.ChannelKey, good with { Audience = null });
            case "wrong issuer":
                return TestTokens.Signed(World.ChannelKey, good with { Issuer = "https://api.botframework.evil" });
            case "serviceurl missing":
                return TestTokens.Signed(World.ChannelKey, good with { ServiceUrl = null });
            case "serviceurl different":
                return TestTokens.Signed(World.ChannelKey, good with { ServiceUrl = "https://smba.trafficmanager.net/amer/" });
            case "key not endorsed for the channel":
                return TestTokens.Signed(World.WebChatOnlyKey, good);
            case "unknown key":
                using (var stranger = new TestSigningKey("never-published", "msteams"))
                    return TestTokens.Signed(stranger, good);
            case "alg none":
                return TestTokens.Unsigned(World.ChannelKey, good);
            case "HS256":
                return TestTokens.Hmac(World.ChannelKey, good);
            case "RS256 header on an HS256 signature":
                var hmac = TestTokens.Hmac(World.ChannelKey, good).Split('.');
                var rsaHeader = TestTokens.Signed(World.ChannelKey, good).Split('.')[0];
                return $"{rsaHeader}.{hmac[1]}.{hmac[2]}";
            case "emulator issuer, channel key":
                return TestTokens.Signed(World.ChannelKey, EmulatorToken(BotFrameworkWorld.EmulatorIssuerV1, "1.0", "appid", BotUnderTest.AppId));
            case "emulator token for another app":
                return TestTokens.Signed(World.EmulatorKey, EmulatorToken(BotFrameworkWorld.EmulatorIssuerV2, "2.0", "azp", Guid.NewGuid().ToString()));
            case "emulator token of unknown version":
                return TestTokens.Signed(World.EmulatorKey, EmulatorToken(BotFrameworkWorld.EmulatorIssuerV1, "3.0", "appid", BotUnderTest.AppId));
            default:
                throw new ArgumentOutOfRangeException(nameof(forgery), forgery, "no such forgery");
        }
    }
}
