namespace AdvisorBot.Core.Storage;

/// <summary>One queued piece of work as a worker holds it.</summary>
/// <param name="Key">The work's own id (a Slack event id), unique in its queue.</param>
/// <param name="Partition">Work of one partition (a Slack channel) is done in order, one at a time.</param>
/// <param name="Attempts">How many times it has been claimed, this time included.</param>
/// <param name="Result">What an earlier attempt worked out and recorded (<see cref="WorkQueue.RecordResultAsync"/>),
/// so a later attempt sends that instead of working it out again.</param>
/// <param name="Progress">How many of the result's parts an earlier attempt already delivered.</param>
/// <param name="Lease">This claim's lease; updates made under a lease that was lost change nothing.</param>
public sealed record WorkItem(long Id, string Queue, string Key, string Partition, string Payload, int Attempts, string? Result, int Progress, string Lease);

/// <summary>
/// A durable work queue shared by every replica, for work done after a request was acknowledged
/// (Slack's answers). A worker claims an item with a lease; if it dies, the lease runs out and the
/// item is delivered again to another. Claims skip rows another replica is claiming (PostgreSQL's
/// <c>FOR UPDATE SKIP LOCKED</c>; SQLite's write lock does the same for one file). Within a
/// partition items are claimed in order, and only once everything before them is finished.
/// A worker records what it worked out, and how much of it it delivered, so a re-delivered item
/// continues where the last attempt stopped instead of answering twice. Every update names the
/// lease's owner: a worker whose lease was taken over changes nothing.
/// </summary>
public sealed class WorkQueue(StateDatabase database, TimeProvider time) : IExpiringStore
{
    /// <summary>How long finished items are kept, so a late duplicate of their key is still refused.</summary>
    public static readonly TimeSpan FinishedRetention = TimeSpan.FromDays(1);

    public string Name => "finished work";

    /// <summary>Queues work; false (queuing nothing) when work with this key is already queued or done.</summary>
    public async Task<bool> EnqueueAsync(string queue, string key, string partition, string payload, CancellationToken cancellationToken = default)
    {
        var now = database.TimeValue(time.GetUtcNow());
        return await database.ExecuteAsync("""
            INSERT INTO work_items(queue, item_key, partition_key, payload, available_at, created_at)
            VALUES (@queue, @key, @partition, @payload, @now, @now)
            ON CONFLICT(queue, item_key) DO NOTHING
            """, cancellationToken, ("@queue", queue), ("@key", key), ("@partition", partition), ("@payload", payload), ("@now", now)) == 1;
    }

    /// <summary>The next item due, leased to <paramref name="owner"/> (a replica's worker) for
    /// <paramref name="lease"/>; null when none is. Each claim is a lease of its own, so even the
    /// same worker taking an item again cannot act on its earlier, lost lease.</summary>
    public Task<WorkItem?> TryClaimAsync(string queue, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var leaseId = $"{owner}#{Guid.NewGuid():N}";
        return database.WriteAsync(async connection =>
        {
            await using var claim = connection.Command($"""
                UPDATE work_items SET lease_owner = @owner, lease_expires_at = @until, attempts = attempts + 1
                WHERE id = (
                    SELECT w.id FROM work_items w
                    WHERE w.queue = @queue AND w.finished_at IS NULL AND w.available_at <= @now
                      AND (w.lease_expires_at IS NULL OR w.lease_expires_at <= @now)
                      AND NOT EXISTS (SELECT 1 FROM work_items earlier
                                      WHERE earlier.queue = w.queue AND earlier.partition_key = w.partition_key
                                        AND earlier.finished_at IS NULL AND earlier.id < w.id)
                    ORDER BY w.id
                    LIMIT 1
                    {database.SkipLockedRows})
                RETURNING id, item_key, partition_key, payload, attempts, result, progress
                """, ("@owner", leaseId), ("@until", database.TimeValue(now + lease)), ("@queue", queue), ("@now", database.TimeValue(now)));
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            return new WorkItem(reader.GetInt64(0), queue, reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt32(4), reader.GetNullableString(5), reader.GetInt32(6), leaseId);
        }, cancellationToken);
    }

    /// <summary>Records what the work worked out (before any of it is delivered). False when the lease is lost.</summary>
    public Task<bool> RecordResultAsync(WorkItem item, string result, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(item, "result = @result, progress = 0", cancellationToken, ("@result", result));

    /// <summary>Records that the first <paramref name="delivered"/> parts of the result are delivered. False when the lease is lost.</summary>
    public Task<bool> RecordProgressAsync(WorkItem item, int delivered, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(item, "progress = @progress", cancellationToken, ("@progress", delivered));

    /// <summary>Extends the lease of work that takes longer than expected. False when the lease is lost.</summary>
    public Task<bool> RenewLeaseAsync(WorkItem item, TimeSpan lease, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(item, "lease_expires_at = @until", cancellationToken, ("@until", database.TimeValue(time.GetUtcNow() + lease)));

    /// <summary>Marks the work done.</summary>
    public Task<bool> CompleteAsync(WorkItem item, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(item, "finished_at = @now, outcome = 'done', lease_owner = NULL, lease_expires_at = NULL", cancellationToken,
            ("@now", database.TimeValue(time.GetUtcNow())));

    /// <summary>Gives the work back to be tried again at <paramref name="retryAt"/>.</summary>
    public Task<bool> RetryLaterAsync(WorkItem item, DateTimeOffset retryAt, string error, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(item, "available_at = @retry, last_error = @error, lease_owner = NULL, lease_expires_at = NULL", cancellationToken,
            ("@retry", database.TimeValue(retryAt)), ("@error", error));

    /// <summary>Gives up on the work for good; it is kept, finished as failed, with the error.</summary>
    public Task<bool> FailAsync(WorkItem item, string error, CancellationToken cancellationToken = default) =>
        UpdateLeasedAsync(item, "finished_at = @now, outcome = 'failed', last_error = @error, lease_owner = NULL, lease_expires_at = NULL", cancellationToken,
            ("@now", database.TimeValue(time.GetUtcNow())), ("@error", error));

    /// <summary>Items of <paramref name="queue"/> not finished yet, in a worker's hands or not.</summary>
    public Task<int> PendingAsync(string queue, CancellationToken cancellationToken = default) =>
        CountAsync(queue, "", cancellationToken);

    /// <summary>Items of <paramref name="queue"/> waiting for a worker: not finished and not leased.</summary>
    public Task<int> WaitingAsync(string queue, CancellationToken cancellationToken = default) =>
        CountAsync(queue, "AND (lease_expires_at IS NULL OR lease_expires_at <= @now)", cancellationToken);

    private Task<int> CountAsync(string queue, string condition, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            (string, object?)[] parameters = condition.Contains("@now", StringComparison.Ordinal)
                ? [("@queue", queue), ("@now", database.TimeValue(time.GetUtcNow()))]
                : [("@queue", queue)];
            await using var count = connection.Command($"SELECT count(*) FROM work_items WHERE queue = @queue AND finished_at IS NULL {condition}", parameters);
            return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM work_items WHERE finished_at IS NOT NULL AND finished_at < @cutoff", cancellationToken,
            ("@cutoff", database.TimeValue(time.GetUtcNow() - FinishedRetention)));

    private async Task<bool> UpdateLeasedAsync(WorkItem item, string assignments, CancellationToken cancellationToken, params (string Name, object? Value)[] values) =>
        await database.ExecuteAsync($"UPDATE work_items SET {assignments} WHERE id = @id AND lease_owner = @owner AND finished_at IS NULL", cancellationToken,
            [.. values, ("@id", item.Id), ("@owner", item.Lease)]) == 1;
}
