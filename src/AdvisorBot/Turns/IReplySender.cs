using AdvisorBot.Core.Conversation;

namespace AdvisorBot.Turns;

/// <summary>
/// A channel's way back to the person, for one turn: it renders the engine's replies in the
/// channel's format (its renderer alone escapes what people typed) and delivers them, and it shows
/// that the bot is working on an answer (typing, a status). Each channel adapter makes one for
/// each turn, addressed to where the message came from.
/// </summary>
public interface IReplySender
{
    /// <summary>Shows the person the bot is working on it. Best effort: one try, no retry.</summary>
    Task ShowWorkingAsync(CancellationToken cancellationToken);

    /// <summary>Renders and delivers the turn's replies, in order.</summary>
    Task SendAsync(IReadOnlyList<Reply> replies, CancellationToken cancellationToken);
}
