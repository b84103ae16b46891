using Microsoft.Extensions.Options;

namespace AdvisorBot.BotFramework.Configuration;

/// <summary>
/// How the Bot Framework endpoint paces itself, bound from the "BotFramework" configuration
/// section. The protocol's own limits (body size, card size) are constants where they are used;
/// these are the ones an operator may reasonably tune.
/// </summary>
public sealed class BotFrameworkLimits
{
    public const string SectionName = "BotFramework";

    /// <summary>Activities one conversation may send in <see cref="ConversationWindow"/>; more get 429.</summary>
    public int ConversationPermitLimit { get; set; } = 30;

    public TimeSpan ConversationWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Tries per outbound call (the first one included) on 429 and 5xx.</summary>
    public int OutboundMaxAttempts { get; set; } = 4;

    /// <summary>Back-off before the first retry when the channel gives no Retry-After; doubles each time.</summary>
    public TimeSpan OutboundRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for one retry. A Retry-After beyond it ends the retries instead.</summary>
    public TimeSpan OutboundMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Validate()
    {
        if (ConversationPermitLimit < 1)
            yield return $"{SectionName}:{nameof(ConversationPermitLimit)} must be at least 1.";
        if (ConversationWindow <= TimeSpan.Zero)
            yield return $"{SectionName}:{nameof(ConversationWindow)} must be positive.";
        if (OutboundMaxAttempts is < 1 or > 10)
            yield return $"{SectionName}:{nameof(OutboundMaxAttempts)} must be from 1 to 10.";
        if (OutboundRetryDelay < TimeSpan.Zero || OutboundMaxRetryDelay < OutboundRetryDelay)
            yield return $"{SectionName}:{nameof(OutboundRetryDelay)} must not be negative nor above {nameof(OutboundMaxRetryDelay)}.";
    }
}

/// <summary>Refuses to start with limits that make no sense, naming each.</summary>
public sealed class BotFrameworkLimitsValidation : IValidateOptions<BotFrameworkLimits>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkLimits options)
    {
        var errors = options.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
