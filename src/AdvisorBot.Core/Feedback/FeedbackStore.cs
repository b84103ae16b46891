using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdvisorBot.Core.Storage;

namespace AdvisorBot.Core.Feedback;

/// <summary>
/// Every question the bot answered or declined, and what people said of the answers, from every
/// channel, in the embedded SQLite file. What was declined or marked unhelpful is what the
/// knowledge base needs next (<see cref="Unanswered"/>).
/// </summary>
public sealed partial class FeedbackStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public FeedbackStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS answers(
                id TEXT PRIMARY KEY,
                channel TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                question TEXT NOT NULL,
                question_key TEXT NOT NULL,
                answered INTEGER NOT NULL,
                confidence REAL NOT NULL,
                passage_ids TEXT NOT NULL,
                created_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS answers_question_key ON answers(question_key);
            CREATE TABLE IF NOT EXISTS feedback(
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                answer_id TEXT REFERENCES answers(id),
                passage_id TEXT,
                helpful INTEGER NOT NULL,
                comment TEXT,
                channel TEXT NOT NULL,
                user_id TEXT,
                created_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS feedback_answer ON feedback(answer_id);
            CREATE TABLE IF NOT EXISTS answer_messages(
                channel TEXT NOT NULL,
                message_id TEXT NOT NULL,
                answer_id TEXT NOT NULL REFERENCES answers(id),
                PRIMARY KEY (channel, message_id));
            """);
    }

    /// <summary>Records a question and what the bot did with it; returns the new answer id.</summary>
    public string RecordAnswer(string channel, string conversationId, string userId, string question, bool answered, double confidence, IReadOnlyList<string> passageIds)
    {
        var id = Guid.NewGuid().ToString("N")[..16];
        using var connection = _database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO answers(id, channel, conversation_id, user_id, question, question_key, answered, confidence, passage_ids, created_at)
            VALUES ($id, $channel, $conversation, $user, $question, $key, $answered, $confidence, $passages, $created)
            """;
        insert.Parameters.AddWithValue("$id", id);
        insert.Parameters.AddWithValue("$channel", channel);
        insert.Parameters.AddWithValue("$conversation", conversationId);
        insert.Parameters.AddWithValue("$user", userId);
        insert.Parameters.AddWithValue("$question", question);
        insert.Parameters.AddWithValue("$key", QuestionKey(question));
        insert.Parameters.AddWithValue("$answered", answered ? 1 : 0);
        insert.Parameters.AddWithValue("$confidence", confidence);
        insert.Parameters.AddWithValue("$passages", JsonSerializer.Serialize(passageIds));
        insert.Parameters.AddWithValue("$created", Now());
        _database.Serialized(insert.ExecuteNonQuery);
        return id;
    }

    /// <summary>The answer recorded under <paramref name="answerId"/>, or null.</summary>
    public RecordedAnswer? FindAnswer(string answerId)
    {
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT id, channel, question, answered, confidence, passage_ids, created_at FROM answers WHERE id = $id";
        read.Parameters.AddWithValue("$id", answerId);
        using var reader = read.ExecuteReader();
        if (!reader.Read())
            return null;
        return new RecordedAnswer(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) == 1, reader.GetDouble(4),
            JsonSerializer.Deserialize<List<string>>(reader.GetString(5)) ?? [],
            DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Remembers which message a channel showed an answer in, for channels whose own feedback
    /// controls name the message rated rather than the answer (Teams' thumbs up and down).
    /// </summary>
    public void RecordAnswerMessage(string channel, string messageId, string answerId)
    {
        using var connection = _database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR REPLACE INTO answer_messages(channel, message_id, answer_id) VALUES ($channel, $message, $answer)";
        insert.Parameters.AddWithValue("$channel", channel);
        insert.Parameters.AddWithValue("$message", messageId);
        insert.Parameters.AddWithValue("$answer", answerId);
        _database.Serialized(insert.ExecuteNonQuery);
    }

    /// <summary>The answer a channel showed in the message <paramref name="messageId"/>, or null.</summary>
    public RecordedAnswer? FindAnswerByMessage(string channel, string messageId)
    {
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT answer_id FROM answer_messages WHERE channel = $channel AND message_id = $message";
        read.Parameters.AddWithValue("$channel", channel);
        read.Parameters.AddWithValue("$message", messageId);
        return read.ExecuteScalar() is string answerId ? FindAnswer(answerId) : null;
    }

    /// <summary>Records feedback on an answer (by its id) or on a passage. Feedback on an answer
    /// without a passage named is on its best passage, the one shown first. Returns false, storing
    /// nothing, when the answer id is unknown.</summary>
    public bool RecordFeedback(string? answerId, string? passageId, bool helpful, string? comment, string channel, string? userId)
    {
        if (answerId is null && passageId is null)
            throw new ArgumentException("feedback needs an answer id or a passage id");
        if (answerId is not null)
        {
            if (FindAnswer(answerId) is not { } answer)
                return false;
            passageId ??= answer.PassageIds.FirstOrDefault();
        }
        using var connection = _database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO feedback(answer_id, passage_id, helpful, comment, channel, user_id, created_at)
            VALUES ($answer, $passage, $helpful, $comment, $channel, $user, $created)
            """;
        insert.Parameters.AddWithValue("$answer", (object?)answerId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$passage", (object?)passageId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$helpful", helpful ? 1 : 0);
        insert.Parameters.AddWithValue("$comment", (object?)comment ?? DBNull.Value);
        insert.Parameters.AddWithValue("$channel", channel);
        insert.Parameters.AddWithValue("$user", (object?)userId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$created", Now());
        _database.Serialized(insert.ExecuteNonQuery);
        return true;
    }

    /// <summary>The feedback given, the most recent first: each with the question the person asked,
    /// the passage it is about and the channel it came from.</summary>
    public IReadOnlyList<FeedbackRecord> Feedback(int limit = 100)
    {
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = """
            SELECT f.answer_id, a.question, f.passage_id, f.helpful, f.comment, f.channel, f.created_at
            FROM feedback f LEFT JOIN answers a ON a.id = f.answer_id
            ORDER BY f.created_at DESC, f.id DESC
            LIMIT $limit
            """;
        read.Parameters.AddWithValue("$limit", limit);
        using var reader = read.ExecuteReader();
        var result = new List<FeedbackRecord>();
        while (reader.Read())
        {
            result.Add(new FeedbackRecord(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt64(3) == 1,
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture)));
        }
        return result;
    }

    /// <summary>
    /// Questions the bot declined or whose answer someone marked unhelpful, grouped by question
    /// (case, spacing and punctuation aside), counted, the most recently asked first.
    /// </summary>
    public IReadOnlyList<UnansweredQuestion> Unanswered(int limit = 100)
    {
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = """
            WITH unhelpful AS (
                SELECT answer_id, count(*) AS votes, max(created_at) AS last_vote
                FROM feedback WHERE helpful = 0 AND answer_id IS NOT NULL GROUP BY answer_id),
            flagged AS (
                SELECT a.question_key, a.question, a.channel, a.created_at,
                       CASE WHEN a.answered = 0 THEN 1 ELSE 0 END AS declined,
                       coalesce(u.votes, 0) AS unhelpful,
                       max(a.created_at, coalesce(u.last_vote, '')) AS last_seen
                FROM answers a LEFT JOIN unhelpful u ON u.answer_id = a.id
                WHERE a.answered = 0 OR u.votes IS NOT NULL)
            SELECT question_key,
                   (SELECT f2.question FROM flagged f2 WHERE f2.question_key = f.question_key ORDER BY f2.created_at DESC LIMIT 1),
                   count(*), sum(declined), sum(unhelpful), max(last_seen), group_concat(DISTINCT channel)
            FROM flagged f
            GROUP BY question_key
            ORDER BY max(last_seen) DESC
            LIMIT $limit
            """;
        read.Parameters.AddWithValue("$limit", limit);
        using var reader = read.ExecuteReader();
        var result = new List<UnansweredQuestion>();
        while (reader.Read())
        {
            result.Add(new UnansweredQuestion(
                reader.GetString(1),
                (int)reader.GetInt64(2),
                (int)reader.GetInt64(3),
                (int)reader.GetInt64(4),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                reader.GetString(6).Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList()));
        }
        return result;
    }

    /// <summary>Questions that differ only in case, spacing or punctuation are the same question.</summary>
    public static string QuestionKey(string question) =>
        NonWord().Replace(question.ToLowerInvariant(), " ").Trim();

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();
}

public sealed record RecordedAnswer(string Id, string Channel, string Question, bool Answered, double Confidence, IReadOnlyList<string> PassageIds, DateTimeOffset CreatedAt);

/// <summary>A question the knowledge base did not serve well: how often it was asked and how it failed.</summary>
public sealed record UnansweredQuestion(string Question, int Times, int Declined, int MarkedUnhelpful, DateTimeOffset LastAsked, IReadOnlyList<string> Channels);

/// <summary>What someone said of an answer or a passage: the question they had asked (null for
/// feedback on a passage alone), the passage, helpful or not, their words, and where.</summary>
public sealed record FeedbackRecord(string? AnswerId, string? Question, string? PassageId, bool Helpful, string? Comment, string Channel, DateTimeOffset At);
