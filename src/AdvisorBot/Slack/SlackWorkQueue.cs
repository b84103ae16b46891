using System.Diagnostics;
using AdvisorBot.Core.Storage;
using AdvisorBot.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Slack;

/// <summary>
/// The queue between the endpoints, which must answer Slack within three seconds, and the workers
/// that answer people: durable, in the state database (<see cref="WorkQueue"/>), shared by every
/// replica. A job queued on one replica may be answered on another; one whose replica dies is
/// answered by another once its lease runs out. Jobs of one Slack channel are answered in order.
/// When too many jobs are waiting, <see cref="TryEnqueueAsync"/> says so at once instead of making
/// Slack wait.
/// </summary>
public sealed class SlackWorkQueue(WorkQueue queue, IOptions<SlackOptions> options)
{
    public const string QueueName = "slack";

    /// <summary>Signalled when this replica queues a job, so its idle workers take it at once
    /// instead of at their next poll.</summary>
    private readonly SemaphoreSlim _queued = new(0, int.MaxValue);

    public WorkQueue Store => queue;

    /// <summary>Queues <paramref name="job"/> under <paramref name="key"/> (unique: the same key is
    /// queued once). <see cref="EnqueueResult.Full"/> when too many jobs are waiting.</summary>
    public async Task<EnqueueResult> TryEnqueueAsync(string key, SlackJob job, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (await queue.WaitingAsync(QueueName, cancellationToken) >= settings.Workers * settings.QueueCapacity)
            return EnqueueResult.Full;
        if (!await queue.EnqueueAsync(QueueName, key, job.Partition, job.ToJson(), cancellationToken))
            return EnqueueResult.Duplicate;
        _queued.Release();
        return EnqueueResult.Queued;
    }

    /// <summary>Waits until this replica queues a job or <paramref name="timeout"/> passes.</summary>
    internal async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _queued.WaitAsync(timeout, cancellationToken);
}

public enum EnqueueResult
{
    Queued,
    Duplicate,
    Full,
}

/// <summary>
/// Answers the queued Slack jobs: <see cref="SlackOptions.Workers"/> loops, each claiming the next
/// job with a lease, renewing the lease while it works, and marking the job done once answered.
/// A failure is retried with growing pauses, and given up after <see cref="MaxAttempts"/>.
/// Shutting down stops taking jobs but finishes the ones in hand (the host waits for them).
/// </summary>
public sealed class SlackWorker(SlackWorkQueue queue, SlackConversation conversation, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackWorker> logger) : BackgroundService
{
    public const int MaxAttempts = 5;

    /// <summary>How often idle workers look for jobs queued by other replicas (or left by one that
    /// died). A job queued here wakes this replica's workers at once, and a worker that finishes a
    /// job looks for the next straight away.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly string _replica = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>Without Slack configured there is nothing to answer, and nothing is polled.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => !options.Value.Enabled ? Task.CompletedTask :
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(worker => Task.Run(() => RunAsync($"{_replica}/{worker}", stoppingToken), CancellationToken.None)));

    private async Task RunAsync(string owner, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await queue.Store.TryClaimAsync(SlackWorkQueue.QueueName, owner, options.Value.WorkLease, stoppingToken) is { } item)
                    await DoAsync(item);
                else
                    await queue.WaitForWorkAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The database is unreachable, say: pause, then try again.
                logger.LogError(error, "Slack worker {Owner} could not take work", owner);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }

    /// <summary>One job, to the end: not cancelled by shutdown, which waits for it.</summary>
    private async Task DoAsync(WorkItem item)
    {
        var job = SlackJob.FromJson(item.Payload);
        using var span = BotTelemetry.Source.StartActivity("slack job", ActivityKind.Consumer, job.TraceParent);
        span?.SetTag("advisorbot.job", job.Description);
        span?.SetTag("advisorbot.attempt", item.Attempts);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewWhileWorkingAsync(item, renewing.Token);
        try
        {
            if (await conversation.AnswerAsync(job, item, CancellationToken.None))
                await queue.Store.CompleteAsync(item, CancellationToken.None);
            else
                await RetryOrGiveUpAsync(job, item, "the answer could not be delivered", error: null);
        }
        catch (Exception error)
        {
            await RetryOrGiveUpAsync(job, item, error.Message, error);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }
    }

    /// <summary>A job that failed, or whose answer did not reach Slack, stays queued to be tried again
    /// after a growing pause; after <see cref="MaxAttempts"/> it is kept, finished as failed, with the reason.</summary>
    private async Task RetryOrGiveUpAsync(SlackJob job, WorkItem item, string reason, Exception? error)
    {
        if (item.Attempts >= MaxAttempts)
        {
            logger.LogError(error, "Slack job {Description} failed {Attempts} times ({Reason}); given up", job.Description, item.Attempts, reason);
            await queue.Store.FailAsync(item, reason, CancellationToken.None);
        }
        else
        {
            var pause = TimeSpan.FromSeconds(Math.Pow(2, item.Attempts));
            logger.LogWarning(error, "Slack job {Description} failed (attempt {Attempts}: {Reason}); trying again in {Pause}", job.Description, item.Attempts, reason, pause);
            await queue.Store.RetryLaterAsync(item, time.GetUtcNow() + pause, reason, CancellationToken.None);
        }
    }

    private async Task RenewWhileWorkingAsync(WorkItem item, CancellationToken done)
    {
        var lease = options.Value.WorkLease;
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, time, done);
                if (!await queue.Store.RenewLeaseAsync(item, lease, done))
                    return;
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // The job is finished.
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Could not renew the lease of a Slack job; another replica may take it over");
        }
    }
}
