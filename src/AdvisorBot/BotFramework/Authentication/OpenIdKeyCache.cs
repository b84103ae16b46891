using System.Collections.Concurrent;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AdvisorBot.BotFramework.Authentication;

/// <summary>
/// The signing keys of each token authority (the Bot Connector, the Emulator's), fetched from its
/// OpenID metadata and keys document, kept for a day, and fetched again early when a token names a
/// key the bot does not know (keys roll over) — but at most once an hour, so forged tokens with
/// made-up key ids cannot make the bot hammer the authority.
/// </summary>
public sealed class OpenIdKeyCache(IHttpClientFactory httpClients, TimeProvider time, ILogger<OpenIdKeyCache> logger)
{
    public const string HttpClientName = "BotFramework.OpenId";
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(24);
    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromHours(1);

    /// <summary>After a failed refresh with keys still in hand, the next try waits this long.</summary>
    private static readonly TimeSpan FailedRefreshBackOff = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Authority> _authorities = new(StringComparer.Ordinal);

    /// <summary>The keys a token of <paramref name="keyId"/> from this authority may be signed with;
    /// empty when the key is unknown. Throws <see cref="SigningKeysUnavailableException"/> when the
    /// authority's keys could never be fetched.</summary>
    public async Task<IReadOnlyList<SigningKey>> FindKeysAsync(string metadataUrl, string? keyId, CancellationToken cancellationToken)
    {
        var authority = _authorities.GetOrAdd(metadataUrl, _ => new Authority());
        var keys = await CurrentKeysAsync(authority, metadataUrl, cancellationToken);
        var found = keys.Find(keyId);
        if (found.Count > 0 || keyId is null)
            return found;

        await authority.Gate.WaitAsync(cancellationToken);
        try
        {
            found = authority.Keys!.Find(keyId);
            if (found.Count > 0)
                return found;
            var now = time.GetUtcNow();
            if (authority.LastUnknownKeyRefresh is { } last && now - last < UnknownKeyRefreshInterval)
            {
                logger.LogWarning("Token signed with unknown key {KeyId} from {MetadataUrl}; keys were refreshed for an unknown key at {LastRefresh}, not again before an hour has passed",
                    keyId, metadataUrl, last);
                return [];
            }
            authority.LastUnknownKeyRefresh = now;
            logger.LogInformation("Token signed with unknown key {KeyId}: refreshing the keys of {MetadataUrl}", keyId, metadataUrl);
            await TryRefreshAsync(authority, metadataUrl, cancellationToken);
            return authority.Keys!.Find(keyId);
        }
        finally
        {
            authority.Gate.Release();
        }
    }

    private async Task<SigningKeySet> CurrentKeysAsync(Authority authority, string metadataUrl, CancellationToken cancellationToken)
    {
        if (authority.Keys is { } fresh && time.GetUtcNow() < authority.RefreshDue)
            return fresh;
        await authority.Gate.WaitAsync(cancellationToken);
        try
        {
            if (authority.Keys is { } refreshed && time.GetUtcNow() < authority.RefreshDue)
                return refreshed;
            if (authority.Keys is null)
            {
                await RefreshAsync(authority, metadataUrl, cancellationToken);
                return authority.Keys!;
            }
            await TryRefreshAsync(authority, metadataUrl, cancellationToken);
            return authority.Keys;
        }
        finally
        {
            authority.Gate.Release();
        }
    }

    /// <summary>Refreshes, keeping the keys in hand if the authority cannot be reached.</summary>
    private async Task TryRefreshAsync(Authority authority, string metadataUrl, CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(authority, metadataUrl, cancellationToken);
        }
        catch (SigningKeysUnavailableException error)
        {
            authority.RefreshDue = time.GetUtcNow() + FailedRefreshBackOff;
            logger.LogWarning("Could not refresh the signing keys of {MetadataUrl}, keeping the ones fetched before: {Reason}", metadataUrl, error.Message);
        }
    }

    private async Task RefreshAsync(Authority authority, string metadataUrl, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var metadata = await GetAsync(client, metadataUrl, "OpenID metadata", cancellationToken);
        string? jwksUri;
        try
        {
            jwksUri = OpenIdConnectConfiguration.Create(metadata).JwksUri;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The library's own JSON reader throws its own exception types for malformed text.
            throw new SigningKeysUnavailableException($"the OpenID metadata at {metadataUrl} is not valid JSON metadata");
        }
        if (!TrustedUrl.IsAcceptable(jwksUri))
            throw new SigningKeysUnavailableException($"the OpenID metadata at {metadataUrl} names no usable jwks_uri ('{jwksUri}')");

        var document = await GetAsync(client, jwksUri!, "keys document", cancellationToken);
        SigningKeySet keys;
        try
        {
            keys = SigningKeySet.Parse(document, skipped => logger.LogWarning("Skipped a signing key of {JwksUri}: {Reason}", jwksUri, skipped));
        }
        catch (Exception error) when (error is FormatException or System.Text.Json.JsonException)
        {
            throw new SigningKeysUnavailableException($"the keys document at {jwksUri} is not usable: {error.Message}");
        }
        authority.Keys = keys;
        authority.RefreshDue = time.GetUtcNow() + RefreshInterval;
        logger.LogInformation("Fetched {Count} signing keys from {JwksUri}", keys.Keys.Count, jwksUri);
    }

    private static async Task<string> GetAsync(HttpClient client, string url, string what, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new SigningKeysUnavailableException($"the {what} at {url} answered {(int)response.StatusCode}");
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new SigningKeysUnavailableException($"the {what} at {url} could not be fetched: {error.Message}");
        }
    }

    private sealed class Authority
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public SigningKeySet? Keys { get; set; }
        public DateTimeOffset RefreshDue { get; set; }
        public DateTimeOffset? LastUnknownKeyRefresh { get; set; }
    }
}

/// <summary>A token authority's keys could not be fetched, so no token from it can be checked.</summary>
public sealed class SigningKeysUnavailableException(string message) : Exception(message);
