namespace AdvisorBot.BotFramework.Configuration;

/// <summary>
/// The Bot Framework settings, under the names Bot Framework users already know. They are bound
/// from the top level of the configuration, so plain environment variables of these names work
/// (MicrosoftAppId=..., MicrosoftAppPassword=...). The defaults are the public Azure cloud's.
/// </summary>
public sealed class BotFrameworkOptions
{
    public const string MultiTenant = "MultiTenant";
    public const string SingleTenant = "SingleTenant";
    public const string UserAssignedMsi = "UserAssignedMSI";

    /// <summary>The bot's Microsoft App ID. Unset: local anonymous mode (no inbound token needed,
    /// no outbound token sent), for the Emulator and local development only.</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>The app's client secret, for outbound tokens. Never logged.</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary><c>MultiTenant</c> (the default) or <c>SingleTenant</c>.</summary>
    public string? MicrosoftAppType { get; set; }

    /// <summary>The tenant of a single-tenant app.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    public string ToBotFromChannelOpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public string ToBotFromChannelTokenIssuer { get; set; } = "https://api.botframework.com";

    public string ToBotFromEmulatorOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    public string ToChannelFromBotLoginUrl { get; set; } = "https://login.microsoftonline.com/botframework.com";

    public string ToChannelFromBotOAuthScope { get; set; } = "https://api.botframework.com";

    public bool IsAnonymous => string.IsNullOrWhiteSpace(MicrosoftAppId);

    public string AppType => string.IsNullOrWhiteSpace(MicrosoftAppType) ? MultiTenant : MicrosoftAppType.Trim();

    public bool IsSingleTenant => string.Equals(AppType, SingleTenant, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Where outbound tokens come from. A single-tenant app asks its own tenant: the default
    /// authority's <c>botframework.com</c> segment is replaced by the tenant id. A login URL
    /// configured to something else is taken as already naming the right tenant.
    /// </summary>
    public Uri TokenEndpoint() => new(Authority().AbsoluteUri.TrimEnd('/') + "/oauth2/v2.0/token");

    /// <summary>The login authority outbound tokens come from (its token endpoint is <see cref="TokenEndpoint"/>).</summary>
    public Uri Authority()
    {
        var login = ToChannelFromBotLoginUrl.TrimEnd('/');
        const string botFrameworkTenant = "/botframework.com";
        if (IsSingleTenant && login.EndsWith(botFrameworkTenant, StringComparison.OrdinalIgnoreCase))
            login = login[..^botFrameworkTenant.Length] + "/" + Uri.EscapeDataString(MicrosoftAppTenantId!.Trim());
        return new Uri(login);
    }

    /// <summary>The client-credentials scope: the resource followed by <c>/.default</c>.</summary>
    public string OAuthScope()
    {
        var scope = ToChannelFromBotOAuthScope.Trim();
        return scope.EndsWith("/.default", StringComparison.Ordinal) ? scope : scope.TrimEnd('/') + "/.default";
    }
}
