namespace AdvisorBot.Tests.Support;

/// <summary>A clock the test moves forward by hand; timers still run on the system clock.</summary>
public sealed class AdjustableTime : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
