using System.Data.Common;

namespace AdvisorBot.Core.Storage;

/// <summary>A conversation the bot hosts itself (the desk's Direct Line chats), as stored.</summary>
public sealed record HostedConversation(string Id, string UserId, DateTimeOffset ExpiresAt);

/// <summary>A token issued for a hosted conversation: only its hash is kept.</summary>
public sealed record HostedToken(byte[] Hash, DateTimeOffset ExpiresAt);

/// <summary>Activities from a watermark on, and the watermark to ask with next.</summary>
public sealed record ActivityPage(IReadOnlyList<string> Activities, long Watermark);

/// <summary>
/// Conversations the bot hosts itself, with their tokens and activities, in the state database:
/// a chat survives a restart and can be polled on any replica. Activities are kept as the JSON the
/// channel stores, each under a sequence number taken from its conversation's row in the same
/// transaction, so two replicas appending at once get distinct numbers in order. Only the newest
/// tokens and activities are kept (<paramref name="maxTokens"/> per conversation, and the caller's
/// limit of activities); a conversation whose tokens have all expired is gone.
/// </summary>
public sealed class HostedConversationStore(StateDatabase database, TimeProvider time, int maxTokens = 2) : IExpiringStore
{
    public string Name => "ended conversations";

    /// <summary>Starts a conversation with its first token. At most <paramref name="maxConversations"/>
    /// are kept: beyond that the least recently active go first. Returns how many were let go so.</summary>
    public Task<int> CreateAsync(HostedConversation conversation, HostedToken token, int maxConversations, CancellationToken cancellationToken = default)
    {
        var now = database.TimeValue(time.GetUtcNow());
        return database.TransactionAsync(async (connection, transaction) =>
        {
            await using (var expired = connection.Command(transaction, "DELETE FROM hosted_conversations WHERE expires_at <= @now", ("@now", now)))
                await expired.ExecuteNonQueryAsync(cancellationToken);
            await using var evict = connection.Command(transaction, """
                DELETE FROM hosted_conversations WHERE id NOT IN (
                    SELECT id FROM hosted_conversations ORDER BY last_active DESC, id LIMIT @keep)
                """, ("@keep", Math.Max(0, maxConversations - 1)));
            var evicted = await evict.ExecuteNonQueryAsync(cancellationToken);
            await using (var insert = connection.Command(transaction, """
                INSERT INTO hosted_conversations(id, user_id, next_sequence, created_at, last_active, expires_at)
                VALUES (@id, @user, 0, @now, @now, @expires)
                """, ("@id", conversation.Id), ("@user", conversation.UserId), ("@now", now), ("@expires", database.TimeValue(token.ExpiresAt))))
                await insert.ExecuteNonQueryAsync(cancellationToken);
            await InsertTokenAsync(connection, transaction, conversation.Id, token, cancellationToken);
            return evicted;
        }, cancellationToken);
    }

    /// <summary>Adds a token; only the newest <c>maxTokens</c> stay valid. False if the conversation is gone.</summary>
    public Task<bool> AddTokenAsync(string conversationId, HostedToken token, CancellationToken cancellationToken = default) =>
        database.TransactionAsync(async (connection, transaction) =>
        {
            await using var touch = connection.Command(transaction, """
                UPDATE hosted_conversations SET expires_at = CASE WHEN expires_at > @expires THEN expires_at ELSE @expires END
                WHERE id = @id
                """, ("@id", conversationId), ("@expires", database.TimeValue(token.ExpiresAt)));
            if (await touch.ExecuteNonQueryAsync(cancellationToken) != 1)
                return false;
            await InsertTokenAsync(connection, transaction, conversationId, token, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>The conversation and its tokens (newest first), or null when there is no such conversation.</summary>
    public Task<(HostedConversation Conversation, IReadOnlyList<HostedToken> Tokens)?> FindAsync(string conversationId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<(HostedConversation, IReadOnlyList<HostedToken>)?>(async connection =>
        {
            await using var read = connection.Command("""
                SELECT c.user_id, c.expires_at, t.token_hash, t.expires_at
                FROM hosted_conversations c LEFT JOIN hosted_tokens t ON t.conversation_id = c.id
                WHERE c.id = @id
                ORDER BY t.number DESC
                """, ("@id", conversationId));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            HostedConversation? conversation = null;
            var tokens = new List<HostedToken>();
            while (await reader.ReadAsync(cancellationToken))
            {
                conversation ??= new HostedConversation(conversationId, reader.GetString(0), database.ReadTime(reader, 1));
                if (!reader.IsDBNull(2))
                    tokens.Add(new HostedToken(reader.GetFieldValue<byte[]>(2), database.ReadTime(reader, 3)));
            }
            return conversation is null ? null : (conversation, tokens);
        }, cancellationToken);

    /// <summary>Records that the conversation was used now (the least recently active make room first).</summary>
    public Task TouchAsync(string conversationId, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE hosted_conversations SET last_active = @now WHERE id = @id", cancellationToken,
            ("@id", conversationId), ("@now", database.TimeValue(time.GetUtcNow())));

    /// <summary>
    /// Appends an activity: <paramref name="render"/> is given its sequence number and returns the
    /// JSON to keep. Only the newest <paramref name="maxActivities"/> are kept. Null when the
    /// conversation is gone.
    /// </summary>
    public Task<long?> AppendAsync(string conversationId, Func<long, string> render, int maxActivities, CancellationToken cancellationToken = default)
    {
        var now = database.TimeValue(time.GetUtcNow());
        return database.TransactionAsync<long?>(async (connection, transaction) =>
        {
            // The row update takes the conversation's row lock: appends to one conversation queue here.
            await using var next = connection.Command(transaction, """
                UPDATE hosted_conversations SET next_sequence = next_sequence + 1, last_active = @now
                WHERE id = @id
                RETURNING next_sequence - 1
                """, ("@id", conversationId), ("@now", now));
            var taken = await next.ExecuteScalarAsync(cancellationToken);
            if (taken is null or DBNull)
                return null;
            var sequence = Convert.ToInt64(taken, System.Globalization.CultureInfo.InvariantCulture);
            await using (var insert = connection.Command(transaction,
                "INSERT INTO hosted_activities(conversation_id, sequence, activity_json) VALUES (@id, @sequence, @json)",
                ("@id", conversationId), ("@sequence", sequence), ("@json", render(sequence))))
                await insert.ExecuteNonQueryAsync(cancellationToken);
            await using (var trim = connection.Command(transaction, "DELETE FROM hosted_activities WHERE conversation_id = @id AND sequence <= @oldest",
                ("@id", conversationId), ("@oldest", sequence - maxActivities)))
                await trim.ExecuteNonQueryAsync(cancellationToken);
            return sequence;
        }, cancellationToken);
    }

    /// <summary>The activities from sequence <paramref name="watermark"/> on, oldest first, and the next watermark.</summary>
    public Task<ActivityPage> SinceAsync(string conversationId, long watermark, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            // One statement, so the watermark and the activities agree even while another replica appends.
            await using var read = connection.Command("""
                SELECT c.next_sequence, a.activity_json
                FROM hosted_conversations c LEFT JOIN hosted_activities a ON a.conversation_id = c.id AND a.sequence >= @watermark
                WHERE c.id = @id
                ORDER BY a.sequence
                """, ("@id", conversationId), ("@watermark", watermark));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            var activities = new List<string>();
            long next = watermark;
            while (await reader.ReadAsync(cancellationToken))
            {
                next = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                    activities.Add(reader.GetString(1));
            }
            return new ActivityPage(activities, next);
        }, cancellationToken);

    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken) =>
        database.ExecuteAsync("DELETE FROM hosted_conversations WHERE expires_at <= @now", cancellationToken, ("@now", database.TimeValue(time.GetUtcNow())));

    private async Task InsertTokenAsync(DbConnection connection, DbTransaction transaction, string conversationId, HostedToken token, CancellationToken cancellationToken)
    {
        // Numbered per conversation (its row is locked by this transaction), so "newest" never
        // depends on two tokens' clock readings differing.
        await using (var insert = connection.Command(transaction, """
            INSERT INTO hosted_tokens(conversation_id, token_hash, number, expires_at)
            VALUES (@id, @hash, (SELECT coalesce(max(number), 0) + 1 FROM hosted_tokens WHERE conversation_id = @id), @expires)
            """, ("@id", conversationId), ("@hash", token.Hash), ("@expires", database.TimeValue(token.ExpiresAt))))
            await insert.ExecuteNonQueryAsync(cancellationToken);
        await using var trim = connection.Command(transaction, """
            DELETE FROM hosted_tokens WHERE conversation_id = @id AND number <= (SELECT max(number) FROM hosted_tokens WHERE conversation_id = @id) - @keep
            """, ("@id", conversationId), ("@keep", maxTokens));
        await trim.ExecuteNonQueryAsync(cancellationToken);
    }
}
