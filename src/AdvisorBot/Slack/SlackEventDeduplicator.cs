namespace AdvisorBot.Slack;

/// <summary>
/// Remembers which Slack events (by event_id, and by the message they carry) are already being
/// answered, so Slack's retries (immediately, after a minute, after five) never produce a second
/// answer. Memory is bounded: entries expire after <see cref="Lifetime"/>, and past
/// <see cref="MaxEntries"/> the oldest go first.
/// </summary>
public sealed class SlackEventDeduplicator(TimeProvider time)
{
    /// <summary>Well past Slack's last retry, five minutes after the first try.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public const int MaxEntries = 20_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset Expires)> _order = new();

    /// <summary>Claims every key for this event; false (claiming nothing) if any was claimed before.</summary>
    public bool TryClaim(params string[] keys)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            Purge(now);
            if (keys.Any(key => _expiries.TryGetValue(key, out var expires) && expires > now))
                return false;
            var expiry = now + Lifetime;
            foreach (var key in keys)
            {
                _expiries[key] = expiry;
                _order.Enqueue((key, expiry));
            }
            while (_expiries.Count > MaxEntries && _order.TryDequeue(out var oldest))
                Forget(oldest.Key, oldest.Expires);
            return true;
        }
    }

    /// <summary>Gives keys back when the event could not be taken on, so Slack's retry is answered.</summary>
    public void Release(params string[] keys)
    {
        lock (_lock)
        {
            foreach (var key in keys)
                _expiries.Remove(key);
        }
    }

    private void Purge(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && oldest.Expires <= now)
        {
            _order.Dequeue();
            Forget(oldest.Key, oldest.Expires);
        }
    }

    /// <summary>Forgets a key unless it was claimed again since (then a later entry owns it).</summary>
    private void Forget(string key, DateTimeOffset expires)
    {
        if (_expiries.TryGetValue(key, out var current) && current == expires)
            _expiries.Remove(key);
    }
}
