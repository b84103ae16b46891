namespace AdvisorBot.Core.Conversation;

/// <summary>
/// One message from a person, whatever channel it came through, after the channel adapter has
/// authenticated and parsed it. <see cref="Action"/> is set when they clicked a button: it is the
/// <see cref="ReplyChoice.Action"/> of that button, read back from its value by <see cref="ReplyActionCodec"/>.
/// </summary>
public sealed record InboundMessage(
    string Channel,
    string ConversationId,
    string UserId,
    string? Text,
    ReplyAction? Action = null,
    string? UserName = null)
{
    /// <summary>What this message is: something the person said or clicked, or their joining.</summary>
    public InboundKind Kind { get; init; } = InboundKind.Message;

    /// <summary>Words sent with a click (what was missing from an answer marked not helpful).</summary>
    public string? Comment { get; init; }

    /// <summary>The channel's own id of what arrived (activity id, Slack event id), for logs.</summary>
    public string? Id { get; init; }

    /// <summary>Whose conversation state this is: one person in one conversation of one channel,
    /// so two people in the same channel each have their own.</summary>
    public string StateKey => $"{Channel}|{ConversationId}|{UserId}";
}

public enum InboundKind
{
    /// <summary>Typed text or a clicked button.</summary>
    Message,

    /// <summary>The person joined a conversation with the bot (or opened one): they are welcomed.</summary>
    Joined,
}
