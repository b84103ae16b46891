using System.Threading.RateLimiting;

namespace AdvisorBot.Http;

/// <summary>
/// ASP.NET Core's fixed-window rate limiting, partitioned by a key (a conversation, a client
/// address): each key may take so many permits a window, and a refusal says when to come back.
/// Each channel registers its own, with its own settings (as a keyed service), so one channel's
/// limits never govern another's.
/// </summary>
public sealed class FixedWindowRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FixedWindowRateLimit(int permitLimit, TimeSpan window) =>
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitLimit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Takes one permit for <paramref name="key"/>; false (and when to retry) if it has none left.</summary>
    public bool TryAcquire(string key, out TimeSpan? retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(key);
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
