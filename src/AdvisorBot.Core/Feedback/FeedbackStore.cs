using System.Text.Json;
using System.Text.RegularExpressions;
using AdvisorBot.Core.Storage;
using AdvisorBot.Core.Telemetry;

namespace AdvisorBot.Core.Feedback;

/// <summary>
/// Every question the bot answered or declined, and what people said of the answers, from every
/// channel, in the state database. What was declined or marked unhelpful is what the
/// knowledge base needs next (<see cref="Unanswered"/>). What is recorded is also counted
/// (<see cref="BotTelemetry"/>: answers, declines and feedback by channel).
/// </summary>
public sealed partial class FeedbackStore(StateDatabase database, TimeProvider time)
{
    /// <summary>Records a question and what the bot did with it; returns the new answer id.</summary>
    public async Task<string> RecordAnswerAsync(string channel, string conversationId, string userId, string question, bool answered, double confidence,
        IReadOnlyList<string> passageIds, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid().ToString("N")[..16];
        await database.ExecuteAsync("""
            INSERT INTO answers(id, channel, conversation_id, user_id, question, question_key, answered, confidence, passage_ids, created_at)
            VALUES (@id, @channel, @conversation, @user, @question, @key, @answered, @confidence, @passages, @created)
            """, cancellationToken,
            ("@id", id), ("@channel", channel), ("@conversation", conversationId), ("@user", userId), ("@question", question),
            ("@key", QuestionKey(question)), ("@answered", answered), ("@confidence", confidence),
            ("@passages", JsonSerializer.Serialize(passageIds)), ("@created", Now()));
        BotTelemetry.RecordAnswer(channel, answered);
        return id;
    }

    /// <summary>The answer recorded under <paramref name="answerId"/>, or null.</summary>
    public Task<RecordedAnswer?> FindAnswerAsync(string answerId, CancellationToken cancellationToken = default) => database.ReadAsync(async connection =>
    {
        await using var read = connection.Command("SELECT id, channel, question, answered, confidence, passage_ids, created_at FROM answers WHERE id = @id", ("@id", answerId));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new RecordedAnswer(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetDouble(4),
            JsonSerializer.Deserialize<List<string>>(reader.GetString(5)) ?? [],
            database.ReadTime(reader, 6));
    }, cancellationToken);

    /// <summary>
    /// Remembers which message a channel showed an answer in, for channels whose own feedback
    /// controls name the message rated rather than the answer (Teams' thumbs up and down).
    /// </summary>
    public Task RecordAnswerMessageAsync(string channel, string messageId, string answerId, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("""
            INSERT INTO answer_messages(channel, message_id, answer_id) VALUES (@channel, @message, @answer)
            ON CONFLICT(channel, message_id) DO UPDATE SET answer_id = excluded.answer_id
            """, cancellationToken, ("@channel", channel), ("@message", messageId), ("@answer", answerId));

    /// <summary>The answer a channel showed in the message <paramref name="messageId"/>, or null.</summary>
    public async Task<RecordedAnswer?> FindAnswerByMessageAsync(string channel, string messageId, CancellationToken cancellationToken = default)
    {
        var answerId = await database.ReadAsync(async connection =>
        {
            await using var read = connection.Command("SELECT answer_id FROM answer_messages WHERE channel = @channel AND message_id = @message",
                ("@channel", channel), ("@message", messageId));
            return await read.ExecuteScalarAsync(cancellationToken) as string;
        }, cancellationToken);
        return answerId is null ? null : await FindAnswerAsync(answerId, cancellationToken);
    }

    /// <summary>Records feedback on an answer (by its id) or on a passage. Feedback on an answer
    /// without a passage named is on its best passage, the one shown first. Returns false, storing
    /// nothing, when the answer id is unknown.</summary>
    public async Task<bool> RecordFeedbackAsync(string? answerId, string? passageId, bool helpful, string? comment, string channel, string? userId,
        CancellationToken cancellationToken = default)
    {
        if (answerId is null && passageId is null)
            throw new ArgumentException("feedback needs an answer id or a passage id");
        if (answerId is not null)
        {
            if (await FindAnswerAsync(answerId, cancellationToken) is not { } answer)
                return false;
            passageId ??= answer.PassageIds.FirstOrDefault();
        }
        await database.ExecuteAsync("""
            INSERT INTO feedback(answer_id, passage_id, helpful, comment, channel, user_id, created_at)
            VALUES (@answer, @passage, @helpful, @comment, @channel, @user, @created)
            """, cancellationToken,
            ("@answer", answerId), ("@passage", passageId), ("@helpful", helpful), ("@comment", comment),
            ("@channel", channel), ("@user", userId), ("@created", Now()));
        BotTelemetry.RecordFeedback(channel, helpful);
        return true;
    }

    /// <summary>The feedback given, the most recent first: each with the question the person asked,
    /// the passage it is about and the channel it came from.</summary>
    public Task<IReadOnlyList<FeedbackRecord>> FeedbackAsync(int limit = 100, CancellationToken cancellationToken = default) => database.ReadAsync<IReadOnlyList<FeedbackRecord>>(async connection =>
    {
        await using var read = connection.Command("""
            SELECT f.answer_id, a.question, f.passage_id, f.helpful, f.comment, f.channel, f.created_at
            FROM feedback f LEFT JOIN answers a ON a.id = f.answer_id
            ORDER BY f.created_at DESC, f.id DESC
            LIMIT @limit
            """, ("@limit", limit));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var result = new List<FeedbackRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new FeedbackRecord(
                reader.GetNullableString(0),
                reader.GetNullableString(1),
                reader.GetNullableString(2),
                reader.GetBoolean(3),
                reader.GetNullableString(4),
                reader.GetString(5),
                database.ReadTime(reader, 6)));
        }
        return result;
    }, cancellationToken);

    /// <summary>
    /// Questions the bot declined or whose answer someone marked unhelpful, grouped by question
    /// (case, spacing and punctuation aside), counted, the most recently asked first.
    /// </summary>
    public Task<IReadOnlyList<UnansweredQuestion>> UnansweredAsync(int limit = 100, CancellationToken cancellationToken = default) => database.ReadAsync<IReadOnlyList<UnansweredQuestion>>(async connection =>
    {
        await using var read = connection.Command($"""
            WITH unhelpful AS (
                SELECT answer_id, count(*) AS votes, max(created_at) AS last_vote
                FROM feedback WHERE helpful = FALSE AND answer_id IS NOT NULL GROUP BY answer_id),
            flagged AS (
                SELECT a.question_key, a.question, a.channel, a.created_at,
                       CASE WHEN a.answered = FALSE THEN 1 ELSE 0 END AS declined,
                       coalesce(u.votes, 0) AS unhelpful,
                       CASE WHEN u.last_vote > a.created_at THEN u.last_vote ELSE a.created_at END AS last_seen
                FROM answers a LEFT JOIN unhelpful u ON u.answer_id = a.id
                WHERE a.answered = FALSE OR u.votes IS NOT NULL)
            SELECT question_key,
                   (SELECT f2.question FROM flagged f2 WHERE f2.question_key = f.question_key ORDER BY f2.created_at DESC LIMIT 1),
                   count(*), CAST(sum(declined) AS BIGINT), CAST(sum(unhelpful) AS BIGINT), max(last_seen), {database.DistinctList("channel")}
            FROM flagged f
            GROUP BY question_key
            ORDER BY max(last_seen) DESC
            LIMIT @limit
            """, ("@limit", limit));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var result = new List<UnansweredQuestion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new UnansweredQuestion(
                reader.GetString(1),
                (int)reader.GetInt64(2),
                (int)reader.GetInt64(3),
                (int)reader.GetInt64(4),
                database.ReadTime(reader, 5),
                reader.GetString(6).Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList()));
        }
        return result;
    }, cancellationToken);

    /// <summary>Questions that differ only in case, spacing or punctuation are the same question.</summary>
    public static string QuestionKey(string question) =>
        NonWord().Replace(question.ToLowerInvariant(), " ").Trim();

    private object Now() => database.TimeValue(time.GetUtcNow());

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();
}

public sealed record RecordedAnswer(string Id, string Channel, string Question, bool Answered, double Confidence, IReadOnlyList<string> PassageIds, DateTimeOffset CreatedAt);

/// <summary>A question the knowledge base did not serve well: how often it was asked and how it failed.</summary>
public sealed record UnansweredQuestion(string Question, int Times, int Declined, int MarkedUnhelpful, DateTimeOffset LastAsked, IReadOnlyList<string> Channels);

/// <summary>What someone said of an answer or a passage: the question they had asked (null for
/// feedback on a passage alone), the passage, helpful or not, their words, and where.</summary>
public sealed record FeedbackRecord(string? AnswerId, string? Question, string? PassageId, bool Helpful, string? Comment, string Channel, DateTimeOffset At);
