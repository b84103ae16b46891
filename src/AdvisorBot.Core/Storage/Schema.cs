namespace AdvisorBot.Core.Storage;

/// <summary>The column types one backend writes for the schema's placeholders.</summary>
/// <param name="Time">a point in time: ISO 8601 text in UTC (sorts as time does), or timestamptz</param>
/// <param name="Identity">a generated integer primary key</param>
internal sealed record SqlTypes(string Time, string Boolean, string Real, string Bytes, string Identity);

/// <summary>
/// The schema, version by version, written once for both backends: <c>{Time}</c>,
/// <c>{Boolean}</c>, <c>{Real}</c>, <c>{Bytes}</c> and <c>{Identity}</c> become each backend's
/// own types (<see cref="SqlTypes"/>). Version 1 is the schema SQLite files had before versioning,
/// hence IF NOT EXISTS: an existing file is adopted as it is. Never edit a released version; add one.
/// </summary>
internal static class Schema
{
    private static readonly (int Version, string Name, string Sql)[] Versions =
    [
        (1, "flow state, answers and feedback", """
            CREATE TABLE IF NOT EXISTS flow_state(
                key TEXT PRIMARY KEY,
                version BIGINT NOT NULL,
                state_json TEXT NOT NULL,
                updated_at {Time} NOT NULL);
            CREATE TABLE IF NOT EXISTS answers(
                id TEXT PRIMARY KEY,
                channel TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                question TEXT NOT NULL,
                question_key TEXT NOT NULL,
                answered {Boolean} NOT NULL,
                confidence {Real} NOT NULL,
                passage_ids TEXT NOT NULL,
                created_at {Time} NOT NULL);
            CREATE INDEX IF NOT EXISTS answers_question_key ON answers(question_key);
            CREATE TABLE IF NOT EXISTS feedback(
                id {Identity},
                answer_id TEXT REFERENCES answers(id),
                passage_id TEXT,
                helpful {Boolean} NOT NULL,
                comment TEXT,
                channel TEXT NOT NULL,
                user_id TEXT,
                created_at {Time} NOT NULL);
            CREATE INDEX IF NOT EXISTS feedback_answer ON feedback(answer_id);
            """),
        (2, "hosted conversations, inbound claims and the work queue", """
            CREATE INDEX flow_state_updated_at ON flow_state(updated_at);
            CREATE TABLE hosted_conversations(
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                next_sequence BIGINT NOT NULL DEFAULT 0,
                created_at {Time} NOT NULL,
                last_active {Time} NOT NULL,
                expires_at {Time} NOT NULL);
            CREATE INDEX hosted_conversations_expires_at ON hosted_conversations(expires_at);
            CREATE INDEX hosted_conversations_last_active ON hosted_conversations(last_active);
            CREATE TABLE hosted_tokens(
                conversation_id TEXT NOT NULL REFERENCES hosted_conversations(id) ON DELETE CASCADE,
                token_hash {Bytes} NOT NULL,
                number BIGINT NOT NULL,
                expires_at {Time} NOT NULL,
                PRIMARY KEY(conversation_id, token_hash));
            CREATE TABLE hosted_activities(
                conversation_id TEXT NOT NULL REFERENCES hosted_conversations(id) ON DELETE CASCADE,
                sequence BIGINT NOT NULL,
                activity_json TEXT NOT NULL,
                PRIMARY KEY(conversation_id, sequence));
            CREATE TABLE inbound_claims(
                claim_key TEXT PRIMARY KEY,
                claimed_at {Time} NOT NULL,
                expires_at {Time} NOT NULL);
            CREATE INDEX inbound_claims_expires_at ON inbound_claims(expires_at);
            CREATE TABLE work_items(
                id {Identity},
                queue TEXT NOT NULL,
                item_key TEXT NOT NULL,
                partition_key TEXT NOT NULL,
                payload TEXT NOT NULL,
                result TEXT,
                progress INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                available_at {Time} NOT NULL,
                lease_owner TEXT,
                lease_expires_at {Time},
                last_error TEXT,
                created_at {Time} NOT NULL,
                finished_at {Time},
                outcome TEXT,
                UNIQUE(queue, item_key));
            CREATE INDEX work_items_pending ON work_items(queue, partition_key, id) WHERE finished_at IS NULL;
            CREATE INDEX work_items_finished_at ON work_items(finished_at) WHERE finished_at IS NOT NULL;
            """),
        // SQLite files of builds before the storage contract may have it already.
        (3, "the messages answers were shown in", """
            CREATE TABLE IF NOT EXISTS answer_messages(
                channel TEXT NOT NULL,
                message_id TEXT NOT NULL,
                answer_id TEXT NOT NULL REFERENCES answers(id),
                PRIMARY KEY (channel, message_id));
            """),
        (4, "replies recorded with an inbound claim whose delivery failed", """
            ALTER TABLE inbound_claims ADD COLUMN result TEXT;
            ALTER TABLE inbound_claims ADD COLUMN progress INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE inbound_claims ADD COLUMN released {Boolean} NOT NULL DEFAULT FALSE;
            """),
    ];

    /// <summary>The newest version this build knows.</summary>
    public static int Latest => Versions[^1].Version;

    public static IReadOnlyList<Migration> For(SqlTypes types) =>
        Versions.Select(version => new Migration(version.Version, version.Name, version.Sql
            .Replace("{Time}", types.Time, StringComparison.Ordinal)
            .Replace("{Boolean}", types.Boolean, StringComparison.Ordinal)
            .Replace("{Real}", types.Real, StringComparison.Ordinal)
            .Replace("{Bytes}", types.Bytes, StringComparison.Ordinal)
            .Replace("{Identity}", types.Identity, StringComparison.Ordinal))).ToList();
}
