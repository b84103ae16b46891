
namespace AdvisorBot.Core.Knowledge;

/// <summary>
/// The guided /choose-framework flow as the knowledge data defines it (<c>knowledge/choose-framework.yml</c>):
/// the frameworks it can recommend, the questions in order, and for every answer the evidence it
/// gives: which framework it speaks for, how strongly, why, and the passage that says so.
/// </summary>
public sealed record FlowDefinition(
    string Intro,
    IReadOnlyList<FlowFramework> Frameworks,
    IReadOnlyList<FlowStep> Steps,
    FlowStrength Strength,
    IReadOnlyDictionary<string, IReadOnlyList<FlowReason>> GeneralReasons)
{
    public const string FileName = "choose-framework.yml";

    public FlowStep? FindStep(string key) => Steps.FirstOrDefault(step => step.Key == key);

    public FlowFramework Framework(string key) => Frameworks.First(framework => framework.Key == key);

    /// <summary>Every passage the flow can cite, for checks and listings.</summary>
    public IEnumerable<Passage> CitedPassages =>
        Steps.SelectMany(step => step.Options).SelectMany(option => option.Evidence).Select(evidence => evidence.Passage)
            .Concat(GeneralReasons.Values.SelectMany(reasons => reasons).Select(reason => reason.Passage));
}

/// <summary>A framework the flow can recommend: its key (used in JSON and data) and its name.</summary>
public sealed record FlowFramework(string Key, string Label);

/// <summary>One question of the flow, with its options in the order they are offered.</summary>
public sealed record FlowStep(string Key, string Question, string Help, IReadOnlyList<FlowOption> Options)
{
    /// <summary>Words (one each, lower case) for things the step does not ask about: an option's
    /// phrase right before one describes that thing, not the answer ("a small team but the app
    /// will be massive" is a large project). Empty for most steps.</summary>
    public IReadOnlyList<string> NotBefore { get; init; } = [];

    public FlowOption? FindOption(string key) => Options.FirstOrDefault(option => option.Key == key);
}

/// <summary>
/// One answer to a step: its key, its button label, the words and phrases that mean it in free
/// text, and what it says about each framework (nothing, for a neutral answer such as "not sure").
/// </summary>
public sealed record FlowOption(string Key, string Label, IReadOnlyList<string> Phrases, IReadOnlyList<FlowEvidence> Evidence)
{
    /// <summary>The two other options of the step that, named together in free text, mean this
    /// one ("2 juniors and 1 senior" is a mixed team); empty for most options.</summary>
    public IReadOnlyList<string> Both { get; init; } = [];

    /// <summary>The counts that mean this option, by what is counted ("endpoints" from 1 to 15):
    /// "maybe 5 endpoints" is a small project. Empty for most options.</summary>
    public IReadOnlyList<FlowCount> Counts { get; init; } = [];
}

/// <summary>A count of <see cref="Unit"/> (one word, "endpoints") from <see cref="Min"/> to
/// <see cref="Max"/>, both included; no <see cref="Max"/> is no upper bound.</summary>
public sealed record FlowCount(string Unit, double Min, double? Max)
{
    public bool Holds(double value) => value >= Min && (Max is null || value <= Max);
}

/// <summary>What an answer says for one framework: how much it counts, why, and the passage quoted.</summary>
public sealed record FlowEvidence(string Framework, double Weight, string Reason, Passage Passage);

/// <summary>A reason that holds whatever the answers (a framework's general strength), used to
/// complete the three reasons when fewer of the answers speak for the recommended framework.</summary>
public sealed record FlowReason(string Text, Passage Passage);

/// <summary>How far ahead (in weight) the recommended framework must be for a clear recommendation,
/// and for a leaning one; less than <see cref="Leaning"/> is a close call.</summary>
public sealed record FlowStrength(double Clear, double Leaning);
