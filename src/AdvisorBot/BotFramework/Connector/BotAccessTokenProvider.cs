using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace AdvisorBot.BotFramework.Connector;

/// <summary>
/// The bot's own token for calling the connector: OAuth client credentials (app id and password)
/// at the login authority, for the Bot Framework scope. One token is reused for every call until
/// shortly before it expires; concurrent callers wait for the same request.
/// </summary>
public sealed class BotAccessTokenProvider(
    IHttpClientFactory httpClients,
    IOptions<BotFrameworkOptions> options,
    TimeProvider time,
    ILogger<BotAccessTokenProvider> logger)
{
    public const string HttpClientName = "BotFramework.Login";

    /// <summary>A token is renewed this long before it expires, so no call goes out with one about to lapse.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _token;

    /// <summary>The token to send, or null in anonymous mode (no app id: nothing to authenticate as).</summary>
    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.IsAnonymous)
            return null;
        if (_token is { } cached && time.GetUtcNow() < cached.RenewAt)
            return cached.Value;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } renewed && time.GetUtcNow() < renewed.RenewAt)
                return renewed.Value;
            _token = await RequestAsync(settings, cancellationToken);
            return _token.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the token, after the connector refused it.</summary>
    public void Invalidate(string token)
    {
        if (_token?.Value == token)
            _token = null;
    }

    private async Task<CachedToken> RequestAsync(BotFrameworkOptions settings, CancellationToken cancellationToken)
    {
        var endpoint = settings.TokenEndpoint();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.MicrosoftAppId!,
                ["client_secret"] = settings.MicrosoftAppPassword ?? "",
                ["scope"] = settings.OAuthScope(),
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var client = httpClients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new BotTokenException($"the token endpoint {endpoint} could not be reached: {error.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            TokenResponse? token = null;
            try
            {
                token = JsonSerializer.Deserialize<TokenResponse>(body, TokenJson);
            }
            catch (JsonException)
            {
                // Reported below with the status; the body itself may hold anything.
            }
            if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(token?.AccessToken) || token.ExpiresIn is not > 0)
            {
                throw new BotTokenException(
                    $"the token endpoint {endpoint} answered {(int)response.StatusCode}{(token?.Error is { } error ? $" ({error})" : "")} without a usable token");
            }
            var now = time.GetUtcNow();
            var lifetime = TimeSpan.FromSeconds(token.ExpiresIn.Value);
            // Short-lived tokens are renewed at half their life rather than after they lapse.
            var renewAt = now + (lifetime > RenewBefore * 2 ? lifetime - RenewBefore : lifetime / 2);
            logger.LogInformation("Got a connector token for app {AppId}, valid {Seconds} s", settings.MicrosoftAppId, token.ExpiresIn);
            return new CachedToken(token.AccessToken, renewAt);
        }
    }

    // Some authorities send expires_in as a string ("3599").
    private static readonly JsonSerializerOptions TokenJson = new() { NumberHandling = JsonNumberHandling.AllowReadingFromString };

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] long? ExpiresIn,
        [property: JsonPropertyName("error")] string? Error);
}

/// <summary>The bot could not get a token to call the connector with.</summary>
public sealed class BotTokenException(string message) : Exception(message);
