namespace AdvisorBot.Tests.Flow;

/// <summary>
/// A clock the test moves by hand, so expiry is tested without waiting. It can also hold the next
/// few callers until all of them have arrived: a flow turn reads the clock right after loading its
/// state, so holding N turns there makes them all read the same state before any of them writes.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;
    private Barrier? _barrier;
    private int _toHold;

    public override DateTimeOffset GetUtcNow()
    {
        if (Volatile.Read(ref _barrier) is { } barrier && Interlocked.Decrement(ref _toHold) >= 0
            && !barrier.SignalAndWait(TimeSpan.FromSeconds(10)))
            throw new TimeoutException("not every held caller arrived");
        lock (_gate)
            return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
            _now += by;
    }

    /// <summary>Holds each of the next <paramref name="callers"/> calls until all of them are waiting.</summary>
    public void HoldNextCallersTogether(int callers)
    {
        Volatile.Write(ref _toHold, callers);
        Volatile.Write(ref _barrier, new Barrier(callers));
    }
}
