using AdvisorBot.BotFramework.Activities;
using AdvisorBot.BotFramework.Configuration;
using AdvisorBot.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AdvisorBot.BotFramework.Authentication;

/// <summary>
/// Checks the bearer token of an inbound activity the way the Bot Connector requires: signed
/// (RS256/384/512 only) by a key of the issuing authority, the expected issuer, audience = the
/// bot's app id, within its lifetime give or take 5 minutes, vouching for the activity's
/// serviceUrl, and signed with a key endorsed for the activity's channel. Emulator tokens come
/// from Entra issuers and name the bot's app id in <c>appid</c> (v1.0) or <c>azp</c> (v2.0).
/// </summary>
public sealed class BotTokenValidator(
    IOptions<BotFrameworkOptions> options,
    BotSigningKeys keys,
    TimeProvider time,
    ILogger<BotTokenValidator> logger)
{
    public static readonly IReadOnlyList<string> AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The Entra issuers of Emulator tokens (Bot Framework auth v3.1 and v3.2, token versions 1.0 and 2.0).</summary>
    public static readonly IReadOnlyList<string> EmulatorIssuers =
    [
        "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
        "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
        "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
    ];

    public const string ServiceUrlClaim = "serviceurl";

    // One handler for every request: validation keeps no state. Claims keep their JWT names.
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>False only in local anonymous mode (no app id configured).</summary>
    public bool RequiresToken => !options.Value.IsAnonymous;

    public async Task<AuthenticationResult> AuthenticateAsync(string? authorization, Activity activity, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return settings.IsAnonymous
                ? AuthenticationResult.Success(CallerKind.Anonymous)
                : AuthenticationResult.Reject("no Authorization header");
        }

        if (BearerToken.From(authorization) is not { } token)
            return AuthenticationResult.Reject("the Authorization header is not 'Bearer <token>'");

        JsonWebToken unverified;
        try
        {
            unverified = Handler.ReadJsonWebToken(token);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or SecurityTokenException)
        {
            return AuthenticationResult.Reject("the token is not a readable JWT");
        }

        // Checked before anything else: 'none' and HMAC tokens are never accepted, whatever they claim.
        if (!AllowedAlgorithms.Contains(unverified.Alg, StringComparer.Ordinal))
            return AuthenticationResult.Reject($"signing algorithm '{unverified.Alg}' is not accepted");

        var issuer = unverified.Issuer;
        var emulatorIssuers = EmulatorIssuersFor(settings);
        CallerKind caller;
        string metadataUrl;
        IReadOnlyList<string> validIssuers;
        if (string.Equals(issuer, settings.ToBotFromChannelTokenIssuer, StringComparison.Ordinal))
        {
            caller = CallerKind.Channel;
            metadataUrl = settings.ToBotFromChannelOpenIdMetadataUrl;
            validIssuers = [settings.ToBotFromChannelTokenIssuer];
        }
        else if (emulatorIssuers.Contains(issuer, StringComparer.Ordinal))
        {
            caller = CallerKind.Emulator;
            metadataUrl = settings.ToBotFromEmulatorOpenIdMetadataUrl;
            validIssuers = emulatorIssuers;
        }
        else
        {
            return AuthenticationResult.Reject($"issuer '{issuer}' is not accepted");
        }

        IReadOnlyList<SigningKey> candidates;
        try
        {
            candidates = await keys.FindKeysAsync(metadataUrl, unverified.Kid, cancellationToken);
        }
        catch (SigningKeysUnavailableException error)
        {
            logger.LogError("Cannot check an inbound token: {Reason}", error.Message);
            return AuthenticationResult.Unavailable(error.Message);
        }
        if (candidates.Count == 0)
            return AuthenticationResult.Reject($"signing key '{unverified.Kid}' is not one of the authority's keys");

        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuers = validIssuers,
            // Without an app id there is no audience to compare; the rest is still checked.
            ValidateAudience = !settings.IsAnonymous,
            ValidAudience = settings.MicrosoftAppId,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = WithinLifetime,
            RequireSignedTokens = true,
            ValidAlgorithms = AllowedAlgorithms,
            IssuerSigningKeys = candidates.Select(candidate => candidate.Key).ToList(),
            ValidateIssuerSigningKey = false,
        };

        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken validated)
            return AuthenticationResult.Reject($"token validation failed: {result.Exception?.GetType().Name ?? "invalid"}");

        var serviceUrl = validated.Claims.FirstOrDefault(claim => claim.Type == ServiceUrlClaim)?.Value;
        if (caller == CallerKind.Channel && serviceUrl is null)
            return AuthenticationResult.Reject("the token has no serviceurl claim");
        // Emulator tokens carry no serviceurl; when one does, it must still match.
        if (serviceUrl is not null && !string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
            return AuthenticationResult.Reject("the token's serviceurl is not the activity's serviceUrl");

        if (caller == CallerKind.Emulator && !settings.IsAnonymous)
        {
            var version = validated.Claims.FirstOrDefault(claim => claim.Type == "ver")?.Value;
            var appIdClaim = version switch
            {
                null or "1.0" => "appid",
                "2.0" => "azp",
                _ => null,
            };
            if (appIdClaim is null)
                return AuthenticationResult.Reject($"token version '{version}' is not known");
            var appId = validated.Claims.FirstOrDefault(claim => claim.Type == appIdClaim)?.Value;
            if (!string.Equals(appId, settings.MicrosoftAppId, StringComparison.Ordinal))
                return AuthenticationResult.Reject($"the token's {appIdClaim} is not this bot's app id");
        }

        var signingKey = candidates.FirstOrDefault(candidate => ReferenceEquals(candidate.Key, validated.SigningKey));
        if (signingKey?.Endorsements is { } endorsements
            && (string.IsNullOrEmpty(activity.ChannelId) || !endorsements.Contains(activity.ChannelId, StringComparer.Ordinal)))
            return AuthenticationResult.Reject($"the signing key is not endorsed for channel '{activity.ChannelId}'");

        return AuthenticationResult.Success(caller);
    }

    private static IReadOnlyList<string> EmulatorIssuersFor(BotFrameworkOptions settings)
    {
        if (!settings.IsSingleTenant || string.IsNullOrWhiteSpace(settings.MicrosoftAppTenantId))
            return EmulatorIssuers;
        var tenant = settings.MicrosoftAppTenantId.Trim();
        return [.. EmulatorIssuers, $"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"];
    }

    /// <summary>The lifetime check on the bot's clock (<see cref="TimeProvider"/>), not the library's.</summary>
    private bool WithinLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        if (expires is null)
            return false;
        var now = time.GetUtcNow().UtcDateTime;
        if (notBefore is { } start && start.ToUniversalTime() > now + ClockSkew)
            return false;
        return expires.Value.ToUniversalTime() >= now - ClockSkew;
    }
}
