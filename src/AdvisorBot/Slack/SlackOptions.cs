namespace AdvisorBot.Slack;

/// <summary>
/// The Slack app's settings, bound from the "Slack" configuration section. The environment
/// variables Slack's own SDKs read (<c>SLACK_SIGNING_SECRET</c>, <c>SLACK_BOT_TOKEN</c>) fill in
/// what the section leaves unset. Without a signing secret the Slack endpoints are off.
/// </summary>
public sealed class SlackOptions
{
    public const string SectionName = "Slack";
    public const string SigningSecretVariable = "SLACK_SIGNING_SECRET";
    public const string BotTokenVariable = "SLACK_BOT_TOKEN";
    public const string DefaultApiBaseUrl = "https://slack.com/api/";

    /// <summary>Signs every request Slack sends; from the app's "Basic Information" page.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The bot token (xoxb-...) for chat.postMessage and chat.update.</summary>
    public string? BotToken { get; set; }

    /// <summary>Where the Web API lives; a Slack stand-in in tests.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Requests waiting for a worker, per worker, before new ones are turned away.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Workers answering in parallel. Each channel always goes to the same worker, so one
    /// channel's turns stay in order and one rate-limited channel does not hold up the others.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>Least time between two messages the bot posts in one channel (Slack allows about
    /// one a second); quicker ones wait their turn.</summary>
    public TimeSpan PostInterval { get; set; } = TimeSpan.FromSeconds(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(SigningSecret);

    /// <summary><see cref="ApiBaseUrl"/> as a URI ending in '/', so method names resolve under it.</summary>
    public Uri ApiBaseUri
    {
        get
        {
            var url = ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/";
            return new Uri(url, UriKind.Absolute);
        }
    }

    /// <summary>Problems with the settings, each a sentence naming the setting; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
            yield return $"Slack:ApiBaseUrl must be an absolute http(s) URL such as {DefaultApiBaseUrl}.";
        if (QueueCapacity is < 1 or > 10_000)
            yield return "Slack:QueueCapacity must be from 1 to 10000.";
        if (Workers is < 1 or > 64)
            yield return "Slack:Workers must be from 1 to 64.";
        if (PostInterval < TimeSpan.FromMilliseconds(1) || PostInterval > TimeSpan.FromMinutes(1))
            yield return "Slack:PostInterval must be from 00:00:00.001 to 00:01:00.";
    }
}
