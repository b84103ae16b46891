namespace AdvisorBot.Tests.BotFramework.Support;

/// <summary>
/// One test's world: the loopback Bot Framework service with a channel key endorsed for the
/// usual channels, a second key endorsed only for Web Chat, an Emulator key, and the bot
/// configured to trust them. Tokens made here are valid unless a test spoils them on purpose.
/// </summary>
public sealed class BotFrameworkWorld : IAsyncDisposable
{
    public const string ChannelIssuer = "https://api.botframework.com";
    public const string EmulatorIssuerV1 = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/";
    public const string EmulatorIssuerV2 = "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0";

    private BotFrameworkWorld(ChannelService channel, BotUnderTest bot, TimeProvider time)
    {
        Channel = channel;
        Bot = bot;
        Time = time;
    }

    public ChannelService Channel { get; }

    public BotUnderTest Bot { get; }

    public TimeProvider Time { get; }

    public TestSigningKey ChannelKey => Channel.ChannelKeys[0];

    public TestSigningKey WebChatOnlyKey => Channel.ChannelKeys[1];

    public TestSigningKey EmulatorKey => Channel.EmulatorKeys[0];

    public static async Task<BotFrameworkWorld> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var channel = await ChannelService.StartAsync();
        channel.ChannelKeys.Add(new TestSigningKey("channel-key-1", "msteams", "webchat", "directline", "emulator"));
        channel.ChannelKeys.Add(new TestSigningKey("webchat-only-key", "webchat"));
        channel.EmulatorKeys.Add(new TestSigningKey("emulator-key-1", null));
        BotUnderTest bot;
        try
        {
            bot = await BotUnderTest.StartAsync(channel, settings, time, services);
        }
        catch
        {
            await channel.DisposeAsync();
            throw;
        }
        return new BotFrameworkWorld(channel, bot, time ?? TimeProvider.System);
    }

    /// <summary>A good channel token vouching for the loopback serviceUrl, as the Bot Connector issues it.</summary>
    public TokenSpec ChannelToken()
    {
        var now = Time.GetUtcNow();
        return new TokenSpec
        {
            Issuer = ChannelIssuer,
            Audience = BotUnderTest.AppId,
            ServiceUrl = Channel.ServiceUrl,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
        };
    }

    public string SignedChannelToken() => TestTokens.Signed(ChannelKey, ChannelToken());

    /// <summary>Posts a Teams message with a good token; the response is the bot's HTTP answer.</summary>
    public Task<HttpResponseMessage> PostAsync(object activity) => Bot.PostAsync(activity, SignedChannelToken());

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Channel.DisposeAsync();
    }
}
