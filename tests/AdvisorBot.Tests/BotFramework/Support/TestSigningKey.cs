using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace AdvisorBot.Tests.BotFramework.Support;

/// <summary>An RSA key made for the test run, published in a keys document the way the Bot
/// Connector publishes its own: <c>kty</c>, <c>kid</c>, <c>n</c>, <c>e</c> and optionally <c>endorsements</c>.</summary>
public sealed class TestSigningKey : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public TestSigningKey(string keyId, params string[]? endorsements)
    {
        KeyId = keyId;
        Endorsements = endorsements;
        SecurityKey = new RsaSecurityKey(_rsa) { KeyId = keyId };
    }

    public string KeyId { get; }

    /// <summary>Null: the key document gives no endorsements for this key.</summary>
    public IReadOnlyList<string>? Endorsements { get; }

    public RsaSecurityKey SecurityKey { get; }

    public Dictionary<string, object> Jwk()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (Endorsements is not null)
            jwk["endorsements"] = Endorsements;
        return jwk;
    }

    public void Dispose() => _rsa.Dispose();
}

/// <summary>What goes into a test token; every field can be set wrong on purpose.</summary>
public sealed record TokenSpec
{
    public required string Issuer { get; init; }
    public string? Audience { get; init; }
    public string? ServiceUrl { get; init; }
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public IReadOnlyDictionary<string, string> Claims { get; init; } = new Dictionary<string, string>();
}

/// <summary>Writes JWTs with <see cref="JwtSecurityTokenHandler"/>, signed for real, or forged.</summary>
public static class TestTokens
{
    private static readonly JwtSecurityTokenHandler Handler = new();

    public static string Signed(TestSigningKey key, TokenSpec spec, string algorithm = SecurityAlgorithms.RsaSha256) =>
        Write(spec, new SigningCredentials(key.SecurityKey, algorithm));

    /// <summary>HS256, keyed with the RSA key's public modulus: the classic algorithm-confusion forgery.</summary>
    public static string Hmac(TestSigningKey key, TokenSpec spec)
    {
        var secret = key.SecurityKey.Rsa.ExportParameters(false).Modulus!;
        return Write(spec, new SigningCredentials(new SymmetricSecurityKey(secret) { KeyId = key.KeyId }, SecurityAlgorithms.HmacSha256));
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with the same claims a good one would have.</summary>
    public static string Unsigned(TestSigningKey key, TokenSpec spec)
    {
        var good = Handler.ReadJwtToken(Signed(key, spec));
        var header = JsonSerializer.Serialize(new Dictionary<string, string> { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = key.KeyId });
        return $"{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header))}.{good.RawPayload}.";
    }

    private static string Write(TokenSpec spec, SigningCredentials credentials)
    {
        var claims = spec.Claims.Select(claim => new Claim(claim.Key, claim.Value)).ToList();
        if (spec.ServiceUrl is not null)
            claims.Add(new Claim("serviceurl", spec.ServiceUrl));
        var now = DateTimeOffset.UtcNow;
        var token = new JwtSecurityToken(spec.Issuer, spec.Audience, claims,
            notBefore: (spec.NotBefore ?? now.AddMinutes(-1)).UtcDateTime,
            expires: (spec.Expires ?? now.AddHours(1)).UtcDateTime,
            signingCredentials: credentials);
        return Handler.WriteToken(token);
    }
}
