using System.Collections.Concurrent;

namespace AdvisorBot.Tests.Slack;

/// <summary>
/// The host's clock in tests: optionally fixed at a moment (to check Slack's published signing
/// vector, made in 2018), and with every one-shot delay recorded and then fired at once, so a
/// Retry-After wait is checked rather than sat through.
/// </summary>
public sealed class TestClock(DateTimeOffset? fixedNow = null) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();
    private DateTimeOffset? _now = fixedNow;

    public IReadOnlyList<TimeSpan> Delays => _delays.ToList();

    public override DateTimeOffset GetUtcNow() => _now ?? System.GetUtcNow();

    /// <summary>Moves a fixed clock on.</summary>
    public void Advance(TimeSpan by) => _now = (_now ?? throw new InvalidOperationException("Only a fixed clock can be advanced.")) + by;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan || dueTime == Timeout.InfiniteTimeSpan)
            return System.CreateTimer(callback, state, dueTime, period);
        _delays.Enqueue(dueTime);
        return System.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
