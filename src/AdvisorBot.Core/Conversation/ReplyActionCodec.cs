using System.Diagnostics.CodeAnalysis;

namespace AdvisorBot.Core.Conversation;

/// <summary>
/// The one place that turns a <see cref="ReplyAction"/> into the string on a button and back.
/// The values are plain strings so every channel can carry them (Slack button values, Adaptive
/// Card data, Direct Line postBack, a line typed in the terminal), and short enough for Slack's
/// 2,000-character limit. The format is the one buttons already in people's chat history carry:
/// <list type="bullet">
/// <item><c>ask:QUESTION</c></item>
/// <item><c>feedback:helpful:ANSWER</c>, <c>feedback:unhelpful:ANSWER</c></item>
/// <item><c>more:ANSWER:PASSAGE</c>, and <c>more:PASSAGE</c> from before answers were named</item>
/// <item><c>flow:start</c>, <c>flow:restart</c>, <c>flow:back</c>, <c>flow:cancel</c>, <c>flow:help</c>,
/// <c>flow:answer:STEP:OPTION</c></item>
/// </list>
/// Ids and keys (ANSWER, PASSAGE, STEP, OPTION) are non-empty and hold no colon or white space; a
/// question is any text that is not blank. A value of any other shape is refused, saying why.
/// </summary>
public static class ReplyActionCodec
{
    private const string Ask = "ask:";
    private const string Feedback = "feedback:";
    private const string Helpful = "helpful:";
    private const string Unhelpful = "unhelpful:";
    private const string More = "more:";
    private const string Flow = "flow:";
    private const string Answer = "answer:";

    /// <summary>The shapes a button value may have, for error messages.</summary>
    public const string Forms = "ask:QUESTION, feedback:helpful:ANSWER, feedback:unhelpful:ANSWER, more:ANSWER:PASSAGE, flow:start, flow:restart, flow:back, flow:cancel, flow:help or flow:answer:STEP:OPTION";

    private const int MaxQuoted = 60;

    private static readonly string[] Prefixes = [Ask, Feedback, More, Flow];

    private static readonly Dictionary<string, FlowAction> FlowCommands = new(StringComparer.Ordinal)
    {
        ["start"] = StartFlowAction.Instance,
        ["restart"] = RestartFlowAction.Instance,
        ["back"] = FlowBackAction.Instance,
        ["cancel"] = CancelFlowAction.Instance,
        ["help"] = FlowHelpAction.Instance,
    };

    /// <summary>The value to put on a button. Throws <see cref="ArgumentException"/> for an action
    /// whose parts could not be read back (an empty id, a key with a colon, a blank question).</summary>
    public static string Encode(ReplyAction action) => action switch
    {
        AskAction ask => Ask + (string.IsNullOrWhiteSpace(ask.Question) ? throw Unencodable(action, "the question is blank") : ask.Question),
        RateAnswerAction rate => Feedback + (rate.Helpful ? Helpful : Unhelpful) + Token(action, rate.AnswerId, "answer id"),
        MoreLikeAction { AnswerId: null } more => More + Token(action, more.PassageId, "passage id"),
        MoreLikeAction more => More + Token(action, more.AnswerId, "answer id") + ":" + Token(action, more.PassageId, "passage id"),
        FlowAnswerAction answer => Flow + Answer + Token(action, answer.Step, "step key") + ":" + Token(action, answer.Option, "option key"),
        StartFlowAction => Flow + "start",
        RestartFlowAction => Flow + "restart",
        FlowBackAction => Flow + "back",
        CancelFlowAction => Flow + "cancel",
        FlowHelpAction => Flow + "help",
        _ => throw new ArgumentException($"{action.GetType().Name} has no wire form", nameof(action)),
    };

    /// <summary>The action a button value stands for; a <see cref="FormatException"/> saying what is
    /// wrong with it otherwise.</summary>
    public static ReplyAction Decode(string value) =>
        TryDecode(value, out var action, out var problem) ? action : throw new FormatException(problem);

    /// <summary>Reads a button value: the action, or why the value is not one of this bot's.</summary>
    public static bool TryDecode(string? value, [NotNullWhen(true)] out ReplyAction? action, [NotNullWhen(false)] out string? problem)
    {
        action = null;
        problem = null;
        if (string.IsNullOrEmpty(value))
            problem = $"The button value is empty; it must be one of {Forms}.";
        else if (value.StartsWith(Ask, StringComparison.Ordinal))
            action = ReadAsk(value, ref problem);
        else if (value.StartsWith(Feedback, StringComparison.Ordinal))
            action = ReadFeedback(value, ref problem);
        else if (value.StartsWith(More, StringComparison.Ordinal))
            action = ReadMore(value, ref problem);
        else if (value.StartsWith(Flow, StringComparison.Ordinal))
            action = ReadFlow(value, ref problem);
        else
            problem = $"The button value {Quote(value)} is not one of this bot's: it must be one of {Forms}.";
        return action is not null;
    }

    /// <summary>Whether <paramref name="text"/> begins as a button value does (ask:, feedback:,
    /// more:, flow:): typed in the terminal, such a line is a click, not a question.</summary>
    public static bool LooksLikeAction(string text) =>
        Prefixes.Any(prefix => text.StartsWith(prefix, StringComparison.Ordinal));

    private static AskAction? ReadAsk(string value, ref string? problem)
    {
        var question = value[Ask.Length..];
        if (!string.IsNullOrWhiteSpace(question))
            return new AskAction(question);
        problem = "The button value \"ask:\" has no question: it must be ask:QUESTION.";
        return null;
    }

    private static RateAnswerAction? ReadFeedback(string value, ref string? problem)
    {
        var rest = value[Feedback.Length..];
        bool helpful;
        if (rest.StartsWith(Helpful, StringComparison.Ordinal))
            (helpful, rest) = (true, rest[Helpful.Length..]);
        else if (rest.StartsWith(Unhelpful, StringComparison.Ordinal))
            (helpful, rest) = (false, rest[Unhelpful.Length..]);
        else
        {
            problem = $"The button value {Quote(value)} is not feedback this bot reads: it must be feedback:helpful:ANSWER or feedback:unhelpful:ANSWER.";
            return null;
        }
        if (IsToken(rest))
            return new RateAnswerAction(rest, helpful);
        problem = $"The button value {Quote(value)} does not name an answer: it must be feedback:{(helpful ? "helpful" : "unhelpful")}:ANSWER, the answer id without colons or spaces.";
        return null;
    }

    private static MoreLikeAction? ReadMore(string value, ref string? problem)
    {
        var parts = value[More.Length..].Split(':');
        if (parts is [var passage] && IsToken(passage))
            return new MoreLikeAction(null, passage);
        if (parts is [var answer, var passageOfAnswer] && IsToken(answer) && IsToken(passageOfAnswer))
            return new MoreLikeAction(answer, passageOfAnswer);
        problem = $"The button value {Quote(value)} does not name a passage: it must be more:ANSWER:PASSAGE (or more:PASSAGE), ids without colons or spaces.";
        return null;
    }

    private static FlowAction? ReadFlow(string value, ref string? problem)
    {
        var rest = value[Flow.Length..];
        if (FlowCommands.TryGetValue(rest, out var command))
            return command;
        if (rest.StartsWith(Answer, StringComparison.Ordinal))
        {
            if (rest[Answer.Length..].Split(':') is [var step, var option] && IsToken(step) && IsToken(option))
                return new FlowAnswerAction(step, option);
            problem = $"The button value {Quote(value)} does not name a step and an option: it must be flow:answer:STEP:OPTION, keys without colons or spaces.";
            return null;
        }
        problem = $"The button value {Quote(value)} is not a step of the framework chooser: it must be flow:start, flow:restart, flow:back, flow:cancel, flow:help or flow:answer:STEP:OPTION.";
        return null;
    }

    /// <summary>An id or key: not empty, and no colon (the separator) or white space in it.</summary>
    private static bool IsToken(string? text) =>
        !string.IsNullOrEmpty(text) && !text.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c));

    private static string Token(ReplyAction action, string? text, string what) =>
        IsToken(text) ? text! : throw Unencodable(action, $"the {what} {(text is null ? "is missing" : Quote(text))} is empty or holds a colon or white space");

    private static ArgumentException Unencodable(ReplyAction action, string why) =>
        new($"{action.GetType().Name} cannot be put on a button: {why}", nameof(action));

    /// <summary>A value quoted in a message, cut short: it may be long, and it came from outside.</summary>
    private static string Quote(string value)
    {
        var shown = new string((value.Length <= MaxQuoted ? value : value[..MaxQuoted]).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return $"\"{shown}{(value.Length > MaxQuoted ? "…" : "")}\"";
    }
}
