using Microsoft.Extensions.Options;

namespace AdvisorBot.BotFramework.Configuration;

/// <summary>Refuses to start with Bot Framework settings that cannot work, saying which and why,
/// rather than failing on the first message from Teams.</summary>
public sealed class BotFrameworkOptionsValidation : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, value) in new[]
                 {
                     (nameof(options.ToBotFromChannelOpenIdMetadataUrl), options.ToBotFromChannelOpenIdMetadataUrl),
                     (nameof(options.ToBotFromEmulatorOpenIdMetadataUrl), options.ToBotFromEmulatorOpenIdMetadataUrl),
                 })
        {
            if (!TrustedUrl.IsAcceptable(value))
                errors.Add($"{key} must be an absolute https URL (http only on a loopback address), not '{value}'.");
        }
        // The bot's secret goes there: https only, as MSAL requires of an authority.
        if (!Uri.TryCreate(options.ToChannelFromBotLoginUrl, UriKind.Absolute, out var login) || login.Scheme != Uri.UriSchemeHttps)
            errors.Add($"{nameof(options.ToChannelFromBotLoginUrl)} must be an absolute https URL, not '{options.ToChannelFromBotLoginUrl}'.");
        if (string.IsNullOrWhiteSpace(options.ToBotFromChannelTokenIssuer))
            errors.Add($"{nameof(options.ToBotFromChannelTokenIssuer)} must not be empty.");
        if (string.IsNullOrWhiteSpace(options.ToChannelFromBotOAuthScope))
            errors.Add($"{nameof(options.ToChannelFromBotOAuthScope)} must not be empty.");

        var type = options.AppType;
        if (string.Equals(type, BotFrameworkOptions.UserAssignedMsi, StringComparison.OrdinalIgnoreCase))
            errors.Add($"MicrosoftAppType {BotFrameworkOptions.UserAssignedMsi} is not supported by this host: use {BotFrameworkOptions.MultiTenant} or {BotFrameworkOptions.SingleTenant} with MicrosoftAppPassword.");
        else if (!string.Equals(type, BotFrameworkOptions.MultiTenant, StringComparison.OrdinalIgnoreCase) && !options.IsSingleTenant)
            errors.Add($"MicrosoftAppType must be {BotFrameworkOptions.MultiTenant} or {BotFrameworkOptions.SingleTenant}, not '{type}'.");

        if (!options.IsAnonymous)
        {
            if (string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
                errors.Add("MicrosoftAppId is set but MicrosoftAppPassword is not: the bot could not get a token to reply with.");
            if (options.IsSingleTenant && (string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId) || options.MicrosoftAppTenantId.Contains('/')))
                errors.Add("MicrosoftAppType SingleTenant needs MicrosoftAppTenantId (the tenant's id or domain).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
