using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace AdvisorBot.Tests.Support;

/// <summary>
/// The tests' one clock: <see cref="FakeTimeProvider"/> (time moves only when the test advances
/// it, and timers fire then, in order), plus what the tests need to know about the waits the code
/// under test starts: which are pending (<see cref="WaitForTimerAsync"/>, <see cref="PendingWaits"/>)
/// and every one started (<see cref="Waits"/>). It can also hold the next few readers of the time
/// until all have arrived, to line up a race.
/// </summary>
public sealed class TestTime : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TrackedTimer> _pending = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource Signal)> _waiters = [];
    private readonly ConcurrentQueue<TimeSpan> _waits = new();
    private Barrier? _barrier;
    private int _toHold;

    /// <summary>A clock at the real present (so signatures made now are current), standing still.</summary>
    public TestTime() : base(DateTimeOffset.UtcNow)
    {
    }

    public TestTime(DateTimeOffset start) : base(start)
    {
    }

    /// <summary>Every one-shot wait started, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => _waits.ToList();

    public override DateTimeOffset GetUtcNow()
    {
        if (Volatile.Read(ref _barrier) is { } barrier && Interlocked.Decrement(ref _toHold) >= 0
            && !barrier.SignalAndWait(TimeSpan.FromSeconds(10)))
            throw new TimeoutException("not every held caller arrived");
        return base.GetUtcNow();
    }

    /// <summary>Holds each of the next <paramref name="callers"/> reads of the time until all of them are waiting.</summary>
    public void HoldNextCallersTogether(int callers)
    {
        Volatile.Write(ref _toHold, callers);
        Volatile.Write(ref _barrier, new Barrier(callers));
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this);
        timer.Inner = base.CreateTimer(value =>
        {
            timer.Fired();
            callback(value);
        }, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes once a wait is pending whose length, when it was started, satisfies <paramref name="match"/>.</summary>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        lock (_gate)
        {
            if (_pending.Any(timer => match(timer.Wait)))
                return Task.CompletedTask;
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, signal));
            return signal.Task;
        }
    }

    /// <summary>The waits still pending, as long as each was when it started.</summary>
    public IReadOnlyList<TimeSpan> PendingWaits()
    {
        lock (_gate)
            return _pending.Select(timer => timer.Wait).Order().ToList();
    }

    private void Scheduled(TrackedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
                return;
            if (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero)
                _waits.Enqueue(dueTime);
            timer.Wait = dueTime;
            _pending.Add(timer);
            foreach (var waiter in _waiters.Where(waiter => waiter.Match(dueTime)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    private void Unscheduled(TrackedTimer timer)
    {
        lock (_gate)
            _pending.Remove(timer);
    }

    /// <summary>A FakeTimeProvider timer whose schedule the clock can see.</summary>
    private sealed class TrackedTimer(TestTime clock) : ITimer
    {
        private bool _periodic;

        public ITimer Inner { get; set; } = null!;

        public TimeSpan Wait { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
            clock.Scheduled(this, dueTime, period);
            return Inner.Change(dueTime, period);
        }

        public void Fired()
        {
            if (!_periodic)
                clock.Unscheduled(this);
        }

        public void Dispose()
        {
            clock.Unscheduled(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
