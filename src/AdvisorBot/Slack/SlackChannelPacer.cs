using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Slack;

/// <summary>
/// Keeps chat.postMessage to about one message per channel per <see cref="SlackOptions.PostInterval"/>
/// (Slack allows roughly one a second per channel, short bursts aside): a post that comes too soon
/// waits its turn in the channel's queue rather than being refused by Slack or dropped. Channels
/// do not wait for each other. The queues are System.Threading.RateLimiting's token buckets.
/// </summary>
public sealed class SlackChannelPacer : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SlackChannelPacer(IOptions<SlackOptions> options)
    {
        var interval = options.Value.PostInterval;
        _limiter = PartitionedRateLimiter.Create<string, string>(channel => RateLimitPartition.GetTokenBucketLimiter(channel, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = interval,
            AutoReplenishment = true,
            // Never dropped: every post waits, oldest first.
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));
    }

    /// <summary>Waits until <paramref name="channel"/> may have its next message.</summary>
    public async Task WaitTurnAsync(string channel, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(channel, 1, cancellationToken);
        if (!lease.IsAcquired)
            throw new InvalidOperationException($"Slack pacing refused a post to {channel}, which it never should");
    }

    public void Dispose() => _limiter.Dispose();
}
