using System.ComponentModel.DataAnnotations;

namespace AdvisorBot.Turns;

/// <summary>How every channel's turns show that the bot is working, bound from the "Turns" section.</summary>
public sealed class TurnOptions : IValidatableObject
{
    public const string SectionName = "Turns";

    /// <summary>How long an answer may take before the person sees the bot working (typing, a status).</summary>
    public TimeSpan WorkingSignalDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>At most one working signal per this interval (Teams asks for no more than one typing per 3 s).</summary>
    public TimeSpan WorkingSignalInterval { get; set; } = TimeSpan.FromSeconds(3);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WorkingSignalDelay < TimeSpan.Zero)
            yield return new ValidationResult($"{SectionName}:{nameof(WorkingSignalDelay)} must not be negative.", [nameof(WorkingSignalDelay)]);
        if (WorkingSignalInterval < TimeSpan.FromMilliseconds(100))
            yield return new ValidationResult($"{SectionName}:{nameof(WorkingSignalInterval)} must be at least 00:00:00.1.", [nameof(WorkingSignalInterval)]);
    }
}
