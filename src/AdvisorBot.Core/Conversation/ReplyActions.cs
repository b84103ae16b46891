namespace AdvisorBot.Core.Conversation;

/// <summary>
/// The values the bot puts on its buttons and reads back when one is clicked. They are plain
/// strings so every channel can carry them (Slack button values, Adaptive Card data, Direct Line
/// postBack), and short enough for Slack's 2,000-character limit.
/// </summary>
public static class ReplyActions
{
    public const string HelpfulPrefix = "feedback:helpful:";
    public const string UnhelpfulPrefix = "feedback:unhelpful:";
    public const string MoreLikePrefix = "more:";
    public const string AskPrefix = "ask:";
    public const string FlowPrefix = "flow:";

    public static string Helpful(string answerId) => HelpfulPrefix + answerId;

    /// <summary>Whether a value is a Helpful / Not helpful button's.</summary>
    public static bool IsFeedback(string value) =>
        value.StartsWith(HelpfulPrefix, StringComparison.Ordinal) || value.StartsWith(UnhelpfulPrefix, StringComparison.Ordinal);
    public static string Unhelpful(string answerId) => UnhelpfulPrefix + answerId;
    /// <summary>"More like this" on a passage of the answer <paramref name="answerId"/>: the new
    /// answer is recorded under the question that led to it.</summary>
    public static string MoreLike(string answerId, string passageId) => $"{MoreLikePrefix}{answerId}:{passageId}";

    /// <summary>The answer and passage of a "more like this" value (buttons from before answers were
    /// named in it carry the passage alone).</summary>
    public static (string? AnswerId, string PassageId) ReadMoreLike(string value)
    {
        var rest = value[MoreLikePrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (rest[..colon], rest[(colon + 1)..]) : (null, rest);
    }
    public static string Ask(string question) => AskPrefix + question;
}
