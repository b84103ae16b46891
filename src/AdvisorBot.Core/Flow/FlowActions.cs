using AdvisorBot.Core.Conversation;

namespace AdvisorBot.Core.Flow;

/// <summary>
/// The values on the flow's buttons (<see cref="ReplyActions.FlowPrefix"/>): start, restart, back,
/// cancel, help, and an answer naming its step and option, so a click on an old card is recognized
/// as belonging to an earlier question.
/// </summary>
public static class FlowActions
{
    public const string Start = ConversationEngine.StartFlowAction;
    public const string Restart = ReplyActions.FlowPrefix + "restart";
    public const string Back = ReplyActions.FlowPrefix + "back";
    public const string Cancel = ReplyActions.FlowPrefix + "cancel";
    public const string Help = ReplyActions.FlowPrefix + "help";
    public const string AnswerPrefix = ReplyActions.FlowPrefix + "answer:";

    public static string Answer(string step, string option) => $"{AnswerPrefix}{step}:{option}";

    public static bool IsFlowAction(string? action) => action?.StartsWith(ReplyActions.FlowPrefix, StringComparison.Ordinal) == true;

    /// <summary>The command a button stands for; answers are read by <see cref="TryReadAnswer"/>.</summary>
    public static FlowCommand Command(string action) => action switch
    {
        Start => FlowCommand.Start,
        Restart => FlowCommand.Restart,
        Back => FlowCommand.Back,
        Cancel => FlowCommand.Cancel,
        Help => FlowCommand.Help,
        _ => FlowCommand.None,
    };

    public static bool TryReadAnswer(string action, out string step, out string option)
    {
        step = option = "";
        if (!action.StartsWith(AnswerPrefix, StringComparison.Ordinal))
            return false;
        var parts = action[AnswerPrefix.Length..].Split(':');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            return false;
        (step, option) = (parts[0], parts[1]);
        return true;
    }
}
