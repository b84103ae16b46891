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

    /// <summary>Renders and delivers the turn's replies, in order. A channel that cannot deliver
    /// them (after its own retries) says so in the result rather than throwing, so every channel's
    /// failure reaches the turn's outcome the same way.</summary>
    Task<Delivery> SendAsync(IReadOnlyList<Reply> replies, CancellationToken cancellationToken);
}

/// <summary>What became of a turn's replies on their way to the person.</summary>
/// <param name="Failure">Why they did not all arrive (for logs; never a secret); null when they did.</param>
public sealed record Delivery(string? Failure)
{
    public static readonly Delivery Done = new((string?)null);

    public bool Succeeded => Failure is null;

    public static Delivery Failed(string reason) => new(reason);
}
