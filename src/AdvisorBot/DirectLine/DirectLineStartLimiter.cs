using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AdvisorBot.DirectLine;

/// <summary>How many conversations one client address may start a minute: without it, one client
/// could push everyone else's conversations out of the bounded store.</summary>
public sealed class DirectLineStartLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public DirectLineStartLimiter(IOptions<DirectLineOptions> options)
    {
        var limit = options.Value.ConversationsPerMinutePerClient;
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public bool TryAcquire(string client, out TimeSpan? retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(client);
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
