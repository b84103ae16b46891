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
    public static string Unhelpful(string answerId) => UnhelpfulPrefix + answerId;
    public static string MoreLike(string passageId) => MoreLikePrefix + passageId;
    public static string Ask(string question) => AskPrefix + question;
}
