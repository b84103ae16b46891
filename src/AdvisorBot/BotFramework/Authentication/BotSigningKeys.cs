using System.Collections.Concurrent;
using System.Text.Json;
using AdvisorBot.BotFramework.Configuration;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AdvisorBot.BotFramework.Authentication;

/// <summary>
/// The signing keys of each token authority (the Bot Connector, the Emulator's), from its OpenID
/// metadata and keys document, through IdentityModel's <see cref="ConfigurationManager{T}"/>: kept
/// for a day, and fetched again early when a token names a key the bot does not know (keys roll
/// over), but at most once an hour, so forged tokens with made-up key ids cannot make the bot
/// hammer the authority. Each key keeps the channels it is endorsed for. A rolled-over key is
/// accepted on the very request that first uses it, as the Bot Framework SDK does: the project sets
/// IdentityModel's <c>UpdateConfigAsBlocking</c> switch (AdvisorBot.csproj), without which the
/// library would fetch the new keys in the background and refuse that request.
/// </summary>
public sealed class BotSigningKeys(IHttpClientFactory httpClients, ILogger<BotSigningKeys> logger)
{
    public const string HttpClientName = "BotFramework.OpenId";
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(24);
    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _authorities = new(StringComparer.Ordinal);

    /// <summary>The metadata of one authority, as the library keeps it (exposed for tests).</summary>
    public ConfigurationManager<OpenIdConnectConfiguration> Authority(string metadataUrl) =>
        _authorities.GetOrAdd(metadataUrl, url => new ConfigurationManager<OpenIdConnectConfiguration>(
            url, new OpenIdConnectConfigurationRetriever(), new TrustedDocumentRetriever(httpClients.CreateClient(HttpClientName)))
        {
            AutomaticRefreshInterval = RefreshInterval,
            RefreshInterval = UnknownKeyRefreshInterval,
        });

    /// <summary>The keys a token of <paramref name="keyId"/> from this authority may be signed with;
    /// empty when the key is unknown. Throws <see cref="SigningKeysUnavailableException"/> when the
    /// authority's keys could never be fetched.</summary>
    public async Task<IReadOnlyList<SigningKey>> FindKeysAsync(string metadataUrl, string? keyId, CancellationToken cancellationToken)
    {
        var authority = Authority(metadataUrl);
        var found = Find(await ConfigurationAsync(authority, metadataUrl, cancellationToken), keyId);
        if (found.Count > 0 || keyId is null)
            return found;
        // Unknown key: the library fetches again only if the last such refresh is an hour old.
        logger.LogInformation("Token signed with unknown key {KeyId}: asking for the keys of {MetadataUrl} again (at most hourly)", keyId, metadataUrl);
        authority.RequestRefresh();
        return Find(await ConfigurationAsync(authority, metadataUrl, cancellationToken), keyId);
    }

    private static async Task<OpenIdConnectConfiguration> ConfigurationAsync(ConfigurationManager<OpenIdConnectConfiguration> authority, string metadataUrl, CancellationToken cancellationToken)
    {
        try
        {
            return await authority.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Only before the first successful fetch: later failures keep the keys in hand.
            throw new SigningKeysUnavailableException($"the OpenID metadata or keys at {metadataUrl} could not be fetched: {error.Message}");
        }
    }

    private static List<SigningKey> Find(OpenIdConnectConfiguration configuration, string? keyId) =>
        SigningKeysOf(configuration.JsonWebKeySet).Where(key => keyId is null || string.Equals(key.KeyId, keyId, StringComparison.Ordinal)).ToList();

    /// <summary>The RSA signing keys of a keys document (the bot accepts only RS256/384/512), each
    /// with its endorsements; keys given as n/e or only as an x5c certificate alike.</summary>
    public static IReadOnlyList<SigningKey> SigningKeysOf(JsonWebKeySet? keys) =>
        (keys?.Keys ?? [])
        .Where(key => key.Kty == JsonWebAlgorithmsKeyTypes.RSA && key.Use is null or "sig")
        .Select(key => new SigningKey(key, key.Kid, Endorsements(key)))
        .ToList();

    /// <summary>The Bot Framework's own <c>endorsements</c> of a key (null when it gives none).</summary>
    private static IReadOnlyList<string>? Endorsements(JsonWebKey key)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var value) || value is null)
            return null;
        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList(),
            IEnumerable<object> items => items.OfType<string>().ToList(),
            _ => [],
        };
    }

    /// <summary>Fetches metadata and keys only from https, or http on a loopback address (a local
    /// test authority): anything else could hand the bot forged keys over the network.</summary>
    private sealed class TrustedDocumentRetriever(HttpClient http) : IDocumentRetriever
    {
        private readonly HttpDocumentRetriever _inner = new(http) { RequireHttps = false };

        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
            TrustedUrl.IsAcceptable(address)
                ? _inner.GetDocumentAsync(address, cancel)
                : throw new InvalidOperationException($"'{address}' is neither https nor http on a loopback address");
    }
}

/// <summary>
/// A public key an authority signs tokens with, and the channels that key is endorsed for.
/// <see cref="Endorsements"/> is null when the keys document gives none for the key; then any
/// channel may use it. When given, a token signed with the key only counts for those channels.
/// </summary>
public sealed record SigningKey(SecurityKey Key, string? KeyId, IReadOnlyList<string>? Endorsements);

/// <summary>A token authority's keys could not be fetched, so no token from it can be checked.</summary>
public sealed class SigningKeysUnavailableException(string message) : Exception(message);
