using AdvisorBot.BotFramework.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace AdvisorBot.BotFramework.Connector;

/// <summary>
/// The bot's own token for calling the connector: OAuth client credentials (app id and password)
/// at the login authority, for the Bot Framework scope, through MSAL
/// (<see cref="IConfidentialClientApplication"/>). MSAL keeps the token and asks for a new one
/// shortly before it expires (within five minutes of its end it is not used); a token the connector
/// refused is replaced on the next call. MSAL's requests go through a named HttpClient with the
/// standard resilience handler (<see cref="Http.OutboundResilience"/>, BotFramework:Outbound*), so
/// a failed connection, a timeout, 429 or 5xx at the token endpoint is retried like a connector call.
/// </summary>
public sealed class BotAccessTokenProvider(IHttpClientFactory httpClients, IOptions<BotFrameworkOptions> options, ILogger<BotAccessTokenProvider> logger)
{
    public const string HttpClientName = "BotFramework.Login";

    private readonly Lazy<IConfidentialClientApplication> _application = new(() => Create(httpClients, options.Value));
    private string? _refused;

    /// <summary>The token to send, or null in anonymous mode (no app id: nothing to authenticate as).</summary>
    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.IsAnonymous)
            return null;
        try
        {
            var request = _application.Value.AcquireTokenForClient([settings.OAuthScope()]);
            var refused = Volatile.Read(ref _refused);
            var result = await request.WithForceRefresh(refused is not null).ExecuteAsync(cancellationToken);
            if (refused is not null && result.AccessToken != refused)
                Interlocked.CompareExchange(ref _refused, null, refused);
            if (result.AuthenticationResultMetadata.TokenSource != TokenSource.Cache)
                logger.LogInformation("Got a connector token for app {AppId}, valid until {ExpiresOn}", settings.MicrosoftAppId, result.ExpiresOn);
            return result.AccessToken;
        }
        catch (Exception error) when (error is MsalException or HttpRequestException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            throw new BotTokenException($"the token endpoint {settings.TokenEndpoint()} gave no usable token: {(error as MsalException)?.ErrorCode ?? error.Message}");
        }
    }

    /// <summary>Forgets the token, after the connector refused it: the next call asks for a new one.</summary>
    public void Invalidate(string token) => Volatile.Write(ref _refused, token);

    private static IConfidentialClientApplication Create(IHttpClientFactory httpClients, BotFrameworkOptions settings) =>
        ConfidentialClientApplicationBuilder.Create(settings.MicrosoftAppId)
            .WithClientSecret(settings.MicrosoftAppPassword)
            // The authority is configured (ToChannelFromBotLoginUrl), not discovered: the Bot
            // Framework's tenant, the app's own, or another cloud's.
            .WithAuthority(settings.Authority().AbsoluteUri, validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new HttpClients(httpClients))
            .Build();

    /// <summary>MSAL's calls go through the named client of the host's IHttpClientFactory.</summary>
    private sealed class HttpClients(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(HttpClientName);
    }
}

/// <summary>The bot could not get a token to call the connector with.</summary>
public sealed class BotTokenException(string message) : Exception(message);
