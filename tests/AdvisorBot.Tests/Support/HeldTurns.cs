using AdvisorBot.Core.Conversation;

namespace AdvisorBot.Tests.Support;

/// <summary>A guided flow (the engine's first step) that holds each turn saying "slow" until the
/// test lets go, then leaves the message to the engine: a slow answer on demand.</summary>
public sealed class HeldTurns : IConversationFlow
{
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<IReadOnlyList<Reply>?> TryHandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Text?.Contains("slow", StringComparison.Ordinal) == true)
            await Release.Task.WaitAsync(cancellationToken);
        return null;
    }
}
