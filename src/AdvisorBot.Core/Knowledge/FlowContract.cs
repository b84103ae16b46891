namespace AdvisorBot.Core.Knowledge;

/// <summary>
/// The step and option keys of /choose-framework. They are a contract, not wording: evaluation
/// scenarios, saved conversation state and button values name them, so the flow data may change
/// questions, labels, phrases and weights freely but must use exactly these keys.
/// </summary>
public static class FlowContract
{
    public static IReadOnlyList<(string Step, IReadOnlyList<string> Options)> Steps { get; } =
    [
        ("building", ["api", "microservice", "prototype", "ml", "content", "ecommerce", "enterprise", "social"]),
        ("size", ["small", "medium", "large"]),
        ("team", ["beginner", "mixed", "experienced"]),
        ("batteries", ["builtin", "choose", "unsure"]),
        ("timeline", ["tight", "normal"]),
        ("priority", ["flexibility", "conventions", "nopreference"]),
    ];

    public static IReadOnlyList<string>? OptionsOf(string step) =>
        Steps.FirstOrDefault(entry => entry.Step == step).Options;
}
