namespace AdvisorBot.Core.Storage;

/// <summary>
/// De-duplication of inbound deliveries across every replica: a Slack event id, a retried slash
/// command, a Bot Framework activity id. The first to claim a key gets true; every later claim
/// of it, on any replica, false, until the claim expires. A claim is one row whose primary key is
/// the key, so two replicas claiming at once are decided by the database, not by timing.
/// </summary>
public sealed class InboundClaims(StateDatabase database, TimeProvider time) : IExpiringStore
{
    public string Name => "inbound claims";

    /// <summary>Claims every key for <paramref name="lifetime"/>; false, claiming nothing, if any
    /// of them is already claimed and not expired.</summary>
    public Task<bool> TryClaimAsync(IReadOnlyCollection<string> keys, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
            throw new ArgumentException("nothing to claim", nameof(keys));
        var now = time.GetUtcNow();
        // Keys in one order everywhere, so two replicas claiming overlapping sets cannot deadlock.
        var ordered = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var key in ordered)
            {
                // Inserted, or taken over from an expired claim: one row. Held by someone: none.
                await using var claim = connection.Command(transaction, """
                    INSERT INTO inbound_claims(claim_key, claimed_at, expires_at) VALUES (@key, @now, @expires)
                    ON CONFLICT(claim_key) DO UPDATE SET claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
                    WHERE inbound_claims.expires_at <= excluded.claimed_at
                    """, ("@key", key), ("@now", database.TimeValue(now)), ("@expires", database.TimeValue(now + lifetime)));
                if (await claim.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return false;
                }
            }
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<bool> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        TryClaimAsync([key], lifetime, cancellationToken);

    /// <summary>
    /// Claims one key for <paramref name="lifetime"/>, as <see cref="TryClaimAsync(string, TimeSpan, CancellationToken)"/>
    /// does, and returns what an earlier holder recorded when it gave the claim back undelivered
    /// (<see cref="ReleaseAsync(string, string, int, CancellationToken)"/>): the retry delivers that
    /// instead of answering the message a second time. Null when the key is held.
    /// </summary>
    public Task<InboundClaim?> TryTakeAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return database.WriteAsync(async connection =>
        {
            await using var claim = connection.Command("""
                INSERT INTO inbound_claims(claim_key, claimed_at, expires_at) VALUES (@key, @now, @expires)
                ON CONFLICT(claim_key) DO UPDATE SET claimed_at = excluded.claimed_at, expires_at = excluded.expires_at, released = FALSE
                WHERE inbound_claims.expires_at <= excluded.claimed_at OR inbound_claims.released
                RETURNING result, progress
                """, ("@key", key), ("@now", database.TimeValue(now)), ("@expires", database.TimeValue(now + lifetime)));
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            return new InboundClaim(key, reader.GetNullableString(0), reader.GetInt32(1));
        }, cancellationToken);
    }

    /// <summary>
    /// Gives a key back whose message was worked out but not (wholly) delivered, recording what was
    /// worked out (<paramref name="result"/>) and how much of it was delivered: the channel's retry
    /// takes the claim (<see cref="TryTakeAsync"/>) and delivers the rest, so the message is answered
    /// once and its turn is not run twice. The row keeps its expiry, so it outlives the channel's retries.
    /// </summary>
    public Task ReleaseAsync(string key, string result, int delivered, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE inbound_claims SET released = TRUE, result = @result, progress = @progress WHERE claim_key = @key", cancellationToken,
            ("@key", key), ("@result", result), ("@progress", delivered));

    /// <summary>Gives keys back, for a delivery that could not be taken on, so its retry is.</summary>
    public Task ReleaseAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async connection =>
        {
            var released = 0;
            foreach (var key in keys)
            {
                await using var delete = connection.Command("DELETE FROM inbound_claims WHERE claim_key = @key", ("@key", key));
                released += await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            return released;
        }, cancellationToken);

    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM inbound_claims WHERE expires_at <= @now", cancellationToken, ("@now", database.TimeValue(time.GetUtcNow())));
}

/// <summary>A claim taken on an inbound delivery.</summary>
/// <param name="Result">What an earlier attempt worked out but could not deliver (null: nothing; answer it).</param>
/// <param name="Progress">How many parts of <paramref name="Result"/> were delivered already.</param>
public sealed record InboundClaim(string Key, string? Result, int Progress);
