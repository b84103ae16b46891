namespace AdvisorBot.Tests.BotFramework.Support;

/// <summary>
/// A clock the test moves by hand. Timers (and so Task.Delay with this provider) fire only when
/// <see cref="Advance"/> passes their due time, so waits of seconds or hours take no time and
/// the test decides exactly when they end.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource Signal)> _waiters = [];
    private DateTimeOffset _now = start;

    public ManualTimeProvider() : this(DateTimeOffset.UtcNow)
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
            return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock on, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock)
            target = _now + by;
        while (true)
        {
            ManualTimer? due;
            lock (_lock)
            {
                due = _timers.Where(timer => timer.DueAt <= target).MinBy(timer => timer.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }
                _now = due.DueAt!.Value;
                due.Fired();
            }
            due.Invoke();
        }
    }

    /// <summary>Completes once a timer is pending whose wait, counted from now, satisfies <paramref name="match"/>.</summary>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        lock (_lock)
        {
            if (_timers.Any(timer => match(timer.DueAt!.Value - _now)))
                return Task.CompletedTask;
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, signal));
            return signal.Task;
        }
    }

    /// <summary>How long each pending timer has left.</summary>
    public IReadOnlyList<TimeSpan> PendingTimers()
    {
        lock (_lock)
            return _timers.Select(timer => timer.DueAt!.Value - _now).Order().ToList();
    }

    private void Schedule(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            if (timer.DueAt is null)
                return;
            _timers.Add(timer);
            foreach (var waiter in _waiters.Where(waiter => waiter.Match(timer.DueAt.Value - _now)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
            clock.Schedule(this);
            return true;
        }

        /// <summary>Called under the clock's lock when the timer fires: re-arms a periodic timer.</summary>
        public void Fired()
        {
            clock._timers.Remove(this);
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt += _period;
                clock._timers.Add(this);
            }
            else
            {
                DueAt = null;
            }
        }

        public void Invoke() => callback(state);

        public void Dispose() => Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
