using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Flow;

/// <summary>
/// One person's flow under way, as stored: the answers so far (step key to option key) and how many
/// answers in a row could not be matched. The current step is the first one without an answer, so
/// the state stays meaningful when the flow data is reloaded with steps reordered.
/// </summary>
public sealed record FlowState(DateTimeOffset StartedAt, IReadOnlyDictionary<string, string> Answers, int Misses)
{
    public static FlowState New(DateTimeOffset now) => new(now, new Dictionary<string, string>(), 0);

    /// <summary>The first step without a valid answer, or null when every step is answered.</summary>
    public FlowStep? CurrentStep(FlowDefinition definition) =>
        definition.Steps.FirstOrDefault(step => AnswerTo(step) is null);

    /// <summary>The option chosen at <paramref name="step"/>, if it still exists.</summary>
    public FlowOption? AnswerTo(FlowStep step) =>
        Answers.TryGetValue(step.Key, out var option) ? step.FindOption(option) : null;

    public FlowState WithAnswer(FlowStep step, FlowOption option) =>
        this with { Answers = new Dictionary<string, string>(Answers) { [step.Key] = option.Key }, Misses = 0 };

    /// <summary>The state one step back: the answer to the step before the current one removed.</summary>
    public FlowState WithoutLastAnswer(FlowDefinition definition)
    {
        var current = CurrentStep(definition);
        var index = current is null ? definition.Steps.Count : IndexOf(definition, current);
        var previous = definition.Steps.Take(index).LastOrDefault(step => AnswerTo(step) is not null);
        if (previous is null)
            return this with { Misses = 0 };
        var answers = new Dictionary<string, string>(Answers);
        answers.Remove(previous.Key);
        return this with { Answers = answers, Misses = 0 };
    }

    public FlowState WithMiss() => this with { Misses = Misses + 1 };

    private static int IndexOf(FlowDefinition definition, FlowStep step) =>
        definition.Steps.Select((candidate, index) => (candidate, index)).First(pair => pair.candidate.Key == step.Key).index;
}
