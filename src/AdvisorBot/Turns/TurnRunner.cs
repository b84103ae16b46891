using System.Diagnostics;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Turns;

/// <summary>
/// Runs one turn the same way for every channel, after the channel's adapter has authenticated the
/// request and parsed it into an <see cref="InboundMessage"/>: in a logging scope naming the
/// channel, conversation, user and message; showing the bot at work when the answer takes a while;
/// through the one conversation engine; and, when the engine fails, telling the person so (and
/// logging the failure with those ids) rather than leaving them in silence. The replies then go
/// to the channel's <see cref="IReplySender"/>, which renders and delivers them. The turn's
/// <see cref="TurnOutcome"/> says whether they arrived: a channel adapter that gets
/// <see cref="TurnStatus.Undelivered"/> must see that the message is answered later (a 5xx the
/// channel retries, a queued job tried again), never count it as done.
/// </summary>
public sealed class TurnRunner(ConversationEngine engine, IOptions<TurnOptions> options, TimeProvider time, ILogger<TurnRunner> logger)
{
    /// <summary>What the person is told when the engine fails on their message.</summary>
    public const string FailureText = "Sorry, something went wrong on my side while answering that. Please try again in a moment.";

    public async Task<TurnOutcome> RunAsync(InboundMessage message, IReplySender sender, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope("{Channel} conversation {ConversationId} user {UserId} message {MessageId}",
            message.Channel, message.ConversationId, message.UserId, message.Id);
        // One span per turn, under the request's (ASP.NET Core) when there is one; search and the
        // outbound calls that deliver the replies are its children.
        using var span = BotTelemetry.Source.StartActivity("turn");
        span?.SetTag(BotTelemetry.ChannelTag, message.Channel);
        span?.SetTag("advisorbot.message_id", message.Id);
        var started = time.GetTimestamp();
        var (replies, engineFailed) = await AnswerAsync(message, sender, cancellationToken);
        Delivery delivery;
        try
        {
            using (BotTelemetry.Source.StartActivity("send"))
                delivery = await sender.SendAsync(replies, cancellationToken);
        }
        catch
        {
            // A sender reports a failed delivery as its result; one that throws (its store is
            // down, say) fails the channel's request. Either way the turn counts as undelivered.
            span?.SetStatus(ActivityStatusCode.Error);
            BotTelemetry.RecordTurn(message.Channel, time.GetElapsedTime(started), BotTelemetry.DeliveryFailure);
            throw;
        }
        var outcome = delivery.Succeeded
            ? new TurnOutcome(replies, engineFailed ? TurnStatus.EngineFailed : TurnStatus.Answered)
            : new TurnOutcome(replies, TurnStatus.Undelivered, delivery.Failure);
        if (!delivery.Succeeded)
        {
            // The sender logged the failed call itself; this says what it means for the turn.
            logger.LogWarning("The replies to message {MessageId} in {Channel} conversation {ConversationId} were not delivered ({Reason}); the message is not answered yet",
                message.Id, message.Channel, message.ConversationId, delivery.Failure);
        }
        span?.SetStatus(outcome.Status == TurnStatus.Answered ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        BotTelemetry.RecordTurn(message.Channel, time.GetElapsedTime(started), outcome.Status switch
        {
            TurnStatus.EngineFailed => BotTelemetry.EngineFailure,
            TurnStatus.Undelivered => BotTelemetry.DeliveryFailure,
            _ => null,
        });
        return outcome;
    }

    /// <summary>
    /// The engine's replies. If the answer takes longer than the working-signal delay the person
    /// sees the bot at work, repeated at most once per interval; the signal stops (and one in
    /// flight is awaited) before any reply goes out, so it never trails the answer.
    /// </summary>
    private async Task<(IReadOnlyList<Reply> Replies, bool Failed)> AnswerAsync(InboundMessage message, IReplySender sender, CancellationToken cancellationToken)
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

    private async Task<(IReadOnlyList<Reply> Replies, bool Failed)> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return (await engine.HandleAsync(message, cancellationToken), false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(error, "The conversation engine failed on message {MessageId} in {Channel} conversation {ConversationId} from {UserId}",
                message.Id, message.Channel, message.ConversationId, message.UserId);
            return ([new Reply { Kind = ReplyKind.Notice, Text = FailureText }], true);
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
