using AdvisorBot.Core.Conversation;

namespace AdvisorBot.Turns;

/// <summary>How a turn ended.</summary>
public enum TurnStatus
{
    /// <summary>The engine answered and the answer was delivered.</summary>
    Answered,

    /// <summary>The engine failed; the person was told so (that notice was delivered).</summary>
    EngineFailed,

    /// <summary>The replies could not be delivered: the channel adapter must not count the message
    /// as answered (the channel's retry, or the queue's, is to be answered instead).</summary>
    Undelivered,
}

/// <summary>What one turn did: the replies worked out, and whether they reached the person.</summary>
/// <param name="Failure">Why the turn failed, when it did (for logs).</param>
public sealed record TurnOutcome(IReadOnlyList<Reply> Replies, TurnStatus Status, string? Failure = null)
{
    public bool Delivered => Status != TurnStatus.Undelivered;
}
