using Microsoft.Extensions.Options;

namespace AdvisorBot.Desk;

/// <summary>The support desk's settings, bound from the "Desk" configuration section.</summary>
public sealed class DeskOptions
{
    public const string SectionName = "Desk";

    /// <summary>Shortest API key accepted: a guessable key would protect nothing.</summary>
    public const int MinApiKeyLength = 16;

    /// <summary>
    /// The key callers of <c>/api/desk</c> send (header <c>X-Api-Key</c>, or
    /// <c>Authorization: Bearer</c>). Unset: the API is disabled and answers 503 saying so. Never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    public bool ApiEnabled => !string.IsNullOrEmpty(ApiKey);
}

/// <summary>Refuses to start with an API key too short to protect anything.</summary>
public sealed class DeskOptionsValidation : IValidateOptions<DeskOptions>
{
    public ValidateOptionsResult Validate(string? name, DeskOptions options)
    {
        if (options.ApiKey is { } key && key.Length > 0 && (key.Trim().Length < DeskOptions.MinApiKeyLength || key.Trim() != key))
        {
            return ValidateOptionsResult.Fail(
                $"{DeskOptions.SectionName}:{nameof(DeskOptions.ApiKey)} must be at least {DeskOptions.MinApiKeyLength} characters, without leading or trailing spaces (for example the output of: openssl rand -hex 32).");
        }
        return ValidateOptionsResult.Success;
    }
}
