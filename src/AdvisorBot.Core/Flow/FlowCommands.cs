using System.Text.RegularExpressions;

namespace AdvisorBot.Core.Flow;

/// <summary>What a message asks of the flow itself, rather than answering its question.</summary>
public enum FlowCommand
{
    None,
    Start,
    Back,
    Restart,
    Cancel,
    Help,
}

/// <summary>
/// Recognizes the flow's commands in typed text (the same words work on every channel and at every
/// step) and tells a question apart from an answer.
/// </summary>
public static partial class FlowCommands
{
    private static readonly HashSet<string> QuestionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "which", "how", "why", "when", "where", "who", "whom", "whose",
        // Chat writes the contraction with or without its apostrophe: "whats the difference".
        "what's", "whats", "how's", "hows", "who's", "whos", "where's", "wheres", "why's",
    };

    // An auxiliary opens a question when its subject follows ("could it grow", "is Django
    // faster"); followed by a verb or an adverb, it opens an answer whose subject is left out
    // ("could grow a lot", "will be mostly juniors", "is mostly internal").
    private static readonly HashSet<string> Auxiliaries = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "are", "does", "do", "can", "could", "should", "would", "will", "was", "did", "has", "have",
    };

    private static readonly HashSet<string> AnswerContinuations = new(StringComparer.OrdinalIgnoreCase)
    {
        "be", "been", "become", "get", "grow", "stay", "remain", "end", "need", "have", "go", "hit", "reach", "take",
        "mostly", "mainly", "largely", "probably", "likely", "definitely", "certainly", "surely", "eventually",
        "only", "just", "pretty", "quite", "fairly", "very", "really", "rather", "somewhat", "easily",
        // A wish ("would love auth already there", "would prefer less setup") answers.
        "love", "like", "prefer", "want",
    };

    public static FlowCommand Parse(string? text)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
            return FlowCommand.None;
        if (StartPattern().IsMatch(trimmed))
            return FlowCommand.Start;
        if (BackPattern().IsMatch(trimmed))
            return FlowCommand.Back;
        if (RestartPattern().IsMatch(trimmed))
            return FlowCommand.Restart;
        if (CancelPattern().IsMatch(trimmed))
            return FlowCommand.Cancel;
        if (HelpPattern().IsMatch(trimmed))
            return FlowCommand.Help;
        return FlowCommand.None;
    }

    /// <summary>
    /// True for text that asks something ("Does Flask have an ORM?", "which is faster for APIs"),
    /// which the flow answers from the articles before asking its own question again.
    /// </summary>
    public static bool LooksLikeQuestion(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.EndsWith('?'))
            return Words(trimmed).Length >= 2;
        return OpensLikeQuestion(trimmed);
    }

    /// <summary>True for text of three words or more that opens with a question word ("which is
    /// faster") or with an auxiliary before its subject ("does Flask have an ORM"), question mark
    /// or not.</summary>
    public static bool OpensLikeQuestion(string text)
    {
        var words = Words(text).Select(word => word.TrimEnd(',', '.')).ToArray();
        if (words.Length < 3)
            return false;
        return QuestionWords.Contains(words[0]) || (Auxiliaries.Contains(words[0]) && !AnswerContinuations.Contains(words[1]));
    }

    private static string[] Words(string text) => text.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    // "/choose-framework" and the words people use for it; Slack's slash command may bring text after it.
    [GeneratedRegex(@"^(/choose[-_]framework(\s.*)?|/?choose[-_ ]?(a[-_ ])?framework|(please )?help me (choose|pick|decide)( a framework| between (django and flask|flask and django))?( please)?|/?start (the )?(framework )?(chooser|flow|questions))\s*[.!]*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex StartPattern();

    [GeneratedRegex(@"^/?(back|go back|previous|prev|undo)\s*[.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex BackPattern();

    [GeneratedRegex(@"^/?(restart|start over|start again|begin again|reset)\s*[.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex RestartPattern();

    [GeneratedRegex(@"^/?(cancel|stop|quit|exit|abort|never ?mind)\s*[.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex CancelPattern();

    // Asking what the step means ("what do you mean by ship?", "what's the tradeoff exactly?",
    // "idk what that means", "how big is big?") is
    // asking for its help, not a question for the articles; "what's the difference between an api
    // and a microservice" names its own topic and is one.
    [GeneratedRegex(@"^((hmm+|um+|sorry|wait)\W+)?(/?help|\?|options|what are (the|my) options\??|how does this work\??|what do (you|u) mean( by [^?]{1,40})?\??|what does (that|this|it) mean\??|what('?s| is) the (difference|tradeoff|trade-off|trade off)( exactly| here)?\??|(can|could) (you|u) explain( (that|this))?( please| pls)?\??|explain( (that|this))?( please| pls)?|i don'?t (understand|get it)|(idk|i don'?t know|i dont know|not sure|no idea) what (that|this|it) means\??|how (?<scale>\w+) is \k<scale>\??(\W+(like )?in terms of what\??)?|(like )?in terms of what\??|(why )?(does|do) (it|this|that) (really |even )?matter\??)\s*[.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex HelpPattern();
}
