using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AdvisorBot.BotFramework;

/// <summary>
/// ASP.NET Core's rate limiting, partitioned by conversation: each conversation may send so many
/// activities a window. It is applied after the token is checked — the conversation id is in the
/// body, and unauthenticated requests must not use up a real conversation's allowance.
/// </summary>
public sealed class ConversationRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public ConversationRateLimiter(IOptions<BotFrameworkLimits> options)
    {
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(conversation => RateLimitPartition.GetFixedWindowLimiter(conversation, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.ConversationPermitLimit,
            Window = limits.ConversationWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one permit for the conversation; false (and when to retry) if it has none left.</summary>
    public bool TryAcquire(string channelId, string conversationId, out TimeSpan? retryAfter)
    {
        using var lease = _limiter.AttemptAcquire($"{channelId}|{conversationId}");
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
