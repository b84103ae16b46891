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
