using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace AdvisorBot.BotFramework.Authentication;

/// <summary>
/// A public key an authority signs tokens with, and the channels that key is endorsed for.
/// <see cref="Endorsements"/> is null when the keys document gives none for the key; then any
/// channel may use it. When given, a token signed with the key only counts for those channels.
/// </summary>
public sealed record SigningKey(SecurityKey Key, string? KeyId, IReadOnlyList<string>? Endorsements);

/// <summary>The RSA signing keys of one authority's keys document (JWKS).</summary>
public sealed class SigningKeySet
{
    private SigningKeySet(IReadOnlyList<SigningKey> keys) => Keys = keys;

    public IReadOnlyList<SigningKey> Keys { get; }

    /// <summary>The keys a token with this <c>kid</c> may be signed with: the one of that id, or,
    /// for a token naming none, every key.</summary>
    public IReadOnlyList<SigningKey> Find(string? keyId) =>
        keyId is null ? Keys : Keys.Where(key => string.Equals(key.KeyId, keyId, StringComparison.Ordinal)).ToList();

    /// <summary>Reads a JWKS document. Keys that are not RSA signing keys are skipped (the bot
    /// accepts only RS256/384/512); a document with no usable key at all is an error.</summary>
    public static SigningKeySet Parse(string json, Action<string>? skipped = null)
    {
        var document = JsonSerializer.Deserialize<JsonWebKeyDocument>(json, JsonOptions)
                       ?? throw new FormatException("the keys document is empty");
        var keys = new List<SigningKey>();
        foreach (var entry in document.Keys ?? [])
        {
            if (!string.Equals(entry.Kty, "RSA", StringComparison.Ordinal) || entry.Use is not (null or "sig"))
            {
                skipped?.Invoke($"key {entry.Kid ?? "(no kid)"}: not an RSA signing key");
                continue;
            }
            try
            {
                keys.Add(new SigningKey(RsaKey(entry), entry.Kid, entry.Endorsements));
            }
            catch (Exception error) when (error is FormatException or CryptographicException or ArgumentException)
            {
                skipped?.Invoke($"key {entry.Kid ?? "(no kid)"}: {error.Message}");
            }
        }
        if (keys.Count == 0)
            throw new FormatException("the keys document has no RSA signing key");
        return new SigningKeySet(keys);
    }

    private static RsaSecurityKey RsaKey(JsonWebKeyEntry entry)
    {
        if (!string.IsNullOrEmpty(entry.N) && !string.IsNullOrEmpty(entry.E))
        {
            var parameters = new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(entry.N), Exponent = Base64UrlEncoder.DecodeBytes(entry.E) };
            return new RsaSecurityKey(parameters) { KeyId = entry.Kid };
        }
        if (entry.X5c is [var certificate, ..])
        {
            using var x509 = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificate));
            var rsa = x509.GetRSAPublicKey() ?? throw new FormatException("the certificate has no RSA key");
            return new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)) { KeyId = entry.Kid };
        }
        throw new FormatException("neither n/e nor x5c given");
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record JsonWebKeyDocument(IReadOnlyList<JsonWebKeyEntry>? Keys);

    private sealed record JsonWebKeyEntry(string? Kty, string? Use, string? Kid, string? N, string? E, IReadOnlyList<string>? X5c, IReadOnlyList<string>? Endorsements);
}
