namespace AdvisorBot.Core.Conversation;

/// <summary>
/// One message from a person, whatever channel it came through, after the channel adapter has
/// authenticated and parsed it. <see cref="Action"/> is set when they clicked a button: it is the
/// <see cref="ReplyChoice.Value"/> of that button, handed back unchanged.
/// </summary>
public sealed record InboundMessage(
    string Channel,
    string ConversationId,
    string UserId,
    string? Text,
    string? Action = null,
    string? UserName = null)
{
    /// <summary>Whose conversation state this is: one person in one conversation of one channel,
    /// so two people in the same channel each have their own.</summary>
    public string StateKey => $"{Channel}|{ConversationId}|{UserId}";
}
