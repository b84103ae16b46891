using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Conversation;

/// <summary>
/// One message the bot sends, before any channel has rendered it: typed data, never markup. Every
/// reply has a complete plain-text form in <see cref="Text"/> (the terminal shows it; cards and
/// Block Kit carry it as their fallback); the other parts let a channel render it richly without
/// reading meaning back out of the prose: quoted passages with their sources, buttons, the question
/// answered, a flow step, a recommendation. All text here is plain and may hold what a person
/// typed; each channel's renderer escapes it for its own format.
/// </summary>
public sealed record Reply
{
    public required ReplyKind Kind { get; init; }

    /// <summary>The whole reply as plain text, buttons as a numbered list where there are any.</summary>
    public required string Text { get; init; }

    /// <summary>A short heading for the reply (a step's question, "Recommendation"), if it has one.</summary>
    public string? Title { get; init; }

    /// <summary>Passages quoted in this reply, best first.</summary>
    public IReadOnlyList<QuotedPassage> Passages { get; init; } = [];

    /// <summary>Buttons. Clicking one sends its <see cref="ReplyChoice.Action"/> back as <see cref="InboundMessage.Action"/>.</summary>
    public IReadOnlyList<ReplyChoice> Choices { get; init; } = [];

    /// <summary>What the person might do next, offered apart from the reply (Web Chat's suggested
    /// actions above the send box): other questions the bot can answer, the guided flow. Clicked,
    /// one comes back like a choice.</summary>
    public IReadOnlyList<ReplyChoice> NextSteps { get; init; } = [];

    /// <summary>The question answered, for <see cref="ReplyKind.Answer"/> and <see cref="ReplyKind.Declined"/>.</summary>
    public string? Question { get; init; }

    /// <summary>Identifies an answer for feedback ("helpful" / "not helpful").</summary>
    public string? AnswerId { get; init; }

    public double? Confidence { get; init; }

    /// <summary>Set on an answer the bot is not sure of: what to say before its passages, so the
    /// person knows the articles only touch on the question.</summary>
    public string? Hedge { get; init; }

    /// <summary>Set on the last reply of a finished guided flow.</summary>
    public Recommendation? Recommendation { get; init; }

    /// <summary>Set on a <see cref="ReplyKind.FlowStep"/>: which question, and what comes before it.</summary>
    public FlowStepPrompt? Step { get; init; }
}

public enum ReplyKind
{
    /// <summary>Passages answering a question.</summary>
    Answer,

    /// <summary>No good answer: says so and what the bot can answer.</summary>
    Declined,

    /// <summary>Greeting for someone new to the conversation.</summary>
    Welcome,

    /// <summary>What the bot can do and how.</summary>
    Help,

    /// <summary>A step of the guided flow: a question with its options as choices.</summary>
    FlowStep,

    /// <summary>The end of the guided flow.</summary>
    Recommendation,

    /// <summary>A short acknowledgement or notice (feedback recorded, flow cancelled, ...).</summary>
    Notice,
}

/// <summary>A passage as quoted in a reply, with its search score when it answers a question.</summary>
public sealed record QuotedPassage(Passage Passage, double? Score = null);

/// <summary>A button: what it says, and what it does when clicked.</summary>
public sealed record ReplyChoice(string Label, ReplyAction Action, ChoiceStyle Style = ChoiceStyle.Default)
{
    /// <summary>The value the channel puts on the button; it comes back as <see cref="InboundMessage.Action"/>.</summary>
    public string Value => ReplyActionCodec.Encode(Action);
}

public enum ChoiceStyle
{
    Default,
    Primary,
    Danger,
}

/// <summary>
/// A guided flow's conclusion, as data: which framework (its key and its name), how clear-cut,
/// the sentence that states it, the reasons (each with the passage behind it), what different
/// answers would have changed it, and the answers it was drawn from.
/// </summary>
public sealed record Recommendation(
    string Framework,
    string FrameworkLabel,
    RecommendationStrength Strength,
    string Headline,
    IReadOnlyList<RecommendationReason> Reasons,
    IReadOnlyList<string> WhatWouldChange)
{
    /// <summary>Each question of the flow with the answer given, in the flow's order.</summary>
    public IReadOnlyList<FlowAnswerSummary> Answers { get; init; } = [];
}

/// <summary>How clear-cut a recommendation is.</summary>
public enum RecommendationStrength
{
    /// <summary>The answers point one way.</summary>
    Clear,

    /// <summary>Most answers point one way, not all.</summary>
    Leaning,

    /// <summary>The answers point both ways.</summary>
    CloseCall,
}

public static class RecommendationStrengths
{
    /// <summary>The strength as the command line's JSON contract spells it: clear, leaning, close call.</summary>
    public static string Name(this RecommendationStrength strength) => strength switch
    {
        RecommendationStrength.Clear => "clear",
        RecommendationStrength.Leaning => "leaning",
        _ => "close call",
    };
}

/// <summary>One reason for a recommendation, backed by the passage it quotes, and the answer it
/// comes from (the option's label) when it comes from one.</summary>
public sealed record RecommendationReason(string Text, Passage Passage, string? Answer = null);

/// <summary>One question of a finished flow and the answer given (null: not answered).</summary>
public sealed record FlowAnswerSummary(string Question, string? Answer);

/// <summary>
/// A flow step's parts: its number of how many, its question, what the bot says before it (an
/// acknowledgement, a "could not match ..." that may quote the person), and how to answer. The
/// options are the reply's <see cref="Reply.Choices"/>, in order.
/// </summary>
public sealed record FlowStepPrompt(int Number, int Count, string Question, string? Preface, string HowToAnswer);
