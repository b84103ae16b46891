using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Slack;

/// <summary>One piece of work done after Slack has had its acknowledgement.</summary>
/// <param name="Partition">Work with the same partition (a Slack channel) runs in order.</param>
/// <param name="Description">What it is, for logs; never a secret or a person's text.</param>
public sealed record SlackWork(string Partition, string Description, Func<CancellationToken, Task> RunAsync);

/// <summary>
/// The bounded in-process queue between the endpoints, which must answer Slack within three
/// seconds, and the workers that answer people. It has one bounded channel per worker; a Slack
/// channel always maps to the same one, so its turns are handled in order (two clicks on a flow
/// never race) while a rate-limited channel waits without holding up the rest. When the queue is
/// full, <see cref="TryEnqueue"/> says so at once instead of making Slack wait.
/// </summary>
public sealed class SlackWorkQueue
{
    private readonly Channel<SlackWork>[] _partitions;

    public SlackWorkQueue(IOptions<SlackOptions> options)
    {
        var settings = options.Value;
        _partitions = Enumerable.Range(0, settings.Workers)
            .Select(_ => Channel.CreateBounded<SlackWork>(new BoundedChannelOptions(settings.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refuse, never block the request
                SingleReader = true,
                SingleWriter = false,
            }))
            .ToArray();
    }

    internal IReadOnlyList<ChannelReader<SlackWork>> Readers => _partitions.Select(partition => partition.Reader).ToList();

    public bool TryEnqueue(SlackWork work) => _partitions[PartitionOf(work.Partition)].Writer.TryWrite(work);

    private int PartitionOf(string key)
    {
        // FNV-1a: the same channel lands on the same worker in every run, which keeps logs comparable.
        uint hash = 2166136261;
        foreach (var c in key)
            hash = (hash ^ c) * 16777619;
        return (int)(hash % (uint)_partitions.Length);
    }
}

/// <summary>Runs the queued Slack work: one loop per partition. A failure is logged and the loop
/// goes on; shutting down stops taking new work.</summary>
public sealed class SlackWorker(SlackWorkQueue queue, ILogger<SlackWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(queue.Readers.Select(reader => Task.Run(() => RunAsync(reader, stoppingToken), CancellationToken.None)));

    private async Task RunAsync(ChannelReader<SlackWork> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await work.RunAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception error)
                {
                    logger.LogError(error, "Slack work failed: {Work}", work.Description);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
