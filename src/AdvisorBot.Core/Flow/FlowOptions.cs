namespace AdvisorBot.Core.Flow;

/// <summary>Guided-flow settings, bound from the "Flow" configuration section.</summary>
public sealed class FlowOptions
{
    public const string SectionName = "Flow";

    /// <summary>How long a flow left alone stays resumable; after that it is set aside politely.</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromHours(24);
}
