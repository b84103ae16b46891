using AdvisorBot.Core.Conversation;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Turns;

/// <summary>
/// Runs one turn the same way for every channel, after the channel's adapter has authenticated the
/// request and parsed it into an <see cref="InboundMessage"/>: in a logging scope naming the
/// channel, conversation, user and message; showing the bot at work when the answer takes a while;
/// through the one conversation engine; and, when the engine fails, telling the person so (and
/// logging the failure with those ids) rather than leaving them in silence. The replies then go
/// to the channel's <see cref="IReplySender"/>, which renders and delivers them.
/// </summary>
public sealed class TurnRunner(ConversationEngine engine, IOptions<TurnOptions> options, TimeProvider time, ILogger<TurnRunner> logger)
{
    /// <summary>What the person is told when the engine fails on their message.</summary>
    public const string FailureText = "Sorry, something went wrong on my side while answering that. Please try again in a moment.";

    public async Task<IReadOnlyList<Reply>> RunAsync(InboundMessage message, IReplySender sender, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope("{Channel} conversation {ConversationId} user {UserId} message {MessageId}",
            message.Channel, message.ConversationId, message.UserId, message.Id);
        var replies = await AnswerAsync(message, sender, cancellationToken);
        try
        {
            await sender.SendAsync(replies, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "The replies to message {MessageId} in {Channel} conversation {ConversationId} could not be delivered",
                message.Id, message.Channel, message.ConversationId);
        }
        return replies;
    }

    /// <summary>
    /// The engine's replies. If the answer takes longer than the working-signal delay the person
    /// sees the bot at work, repeated at most once per interval; the signal stops (and one in
    /// flight is awaited) before any reply goes out, so it never trails the answer.
    /// </summary>
    private async Task<IReadOnlyList<Reply>> AnswerAsync(InboundMessage message, IReplySender sender, CancellationToken cancellationToken)
    {
        // The engine's work is mostly synchronous (search, SQLite), so it runs apart from the signal.
        var work = Task.Run(() => HandleAsync(message, cancellationToken), cancellationToken);
        using var stop = new CancellationTokenSource();
        var signal = SignalWhileWorkingAsync(message, sender, work, stop.Token);
        try
        {
            return await work;
        }
        finally
        {
            await stop.CancelAsync();
            await signal;
        }
    }

    private async Task<IReadOnlyList<Reply>> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.HandleAsync(message, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(error, "The conversation engine failed on message {MessageId} in {Channel} conversation {ConversationId} from {UserId}",
                message.Id, message.Channel, message.ConversationId, message.UserId);
            return [new Reply { Kind = ReplyKind.Notice, Text = FailureText }];
        }
    }

    private async Task SignalWhileWorkingAsync(InboundMessage message, IReplySender sender, Task work, CancellationToken stop)
    {
        var settings = options.Value;
        var wait = settings.WorkingSignalDelay;
        while (!stop.IsCancellationRequested)
        {
            var delay = Task.Delay(wait, time, stop);
            if (await Task.WhenAny(work, delay) == work || stop.IsCancellationRequested)
                return;
            try
            {
                await sender.ShowWorkingAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Showing the bot at work in {Channel} conversation {ConversationId} failed", message.Channel, message.ConversationId);
            }
            wait = settings.WorkingSignalInterval;
        }
    }
}
