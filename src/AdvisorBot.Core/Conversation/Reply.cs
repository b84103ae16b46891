using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Conversation;

/// <summary>
/// One message the bot sends, before any channel has rendered it. Every reply has a complete
/// plain-text form in <see cref="Text"/> (the terminal shows it; cards and Block Kit carry it as
/// their fallback); the other parts let a channel render it richly: quoted passages, buttons, a
/// recommendation.
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

    /// <summary>Buttons. Clicking one sends its <see cref="ReplyChoice.Value"/> back as <see cref="InboundMessage.Action"/>.</summary>
    public IReadOnlyList<ReplyChoice> Choices { get; init; } = [];

    /// <summary>The question answered, for <see cref="ReplyKind.Answer"/> and <see cref="ReplyKind.Declined"/>.</summary>
    public string? Question { get; init; }

    /// <summary>Identifies an answer for feedback ("helpful" / "not helpful").</summary>
    public string? AnswerId { get; init; }

    public double? Confidence { get; init; }

    /// <summary>Set on the last reply of a finished guided flow.</summary>
    public Recommendation? Recommendation { get; init; }
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

/// <summary>A button: what it says, and the value it sends back when clicked.</summary>
public sealed record ReplyChoice(string Label, string Value, ChoiceStyle Style = ChoiceStyle.Default);

public enum ChoiceStyle
{
    Default,
    Primary,
    Danger,
}

/// <summary>A guided flow's conclusion: which framework, how clear-cut, and why.</summary>
public sealed record Recommendation(
    string Framework,
    string Strength,
    IReadOnlyList<RecommendationReason> Reasons,
    IReadOnlyList<string> WhatWouldChange);

/// <summary>One reason for a recommendation, backed by the passage it quotes.</summary>
public sealed record RecommendationReason(string Text, Passage Passage);
