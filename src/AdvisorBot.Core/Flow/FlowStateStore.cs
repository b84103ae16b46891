using System.Globalization;
using System.Text.Json;
using AdvisorBot.Core.Storage;

namespace AdvisorBot.Core.Flow;

/// <summary>A stored flow with the version it was read at and when it was last written.</summary>
public sealed record StoredFlow(FlowState State, long Version, DateTimeOffset UpdatedAt);

/// <summary>
/// Flow state per person per conversation in the embedded SQLite file, so a restart loses nothing.
/// Writes are optimistic: each names the version it read, and fails (returns false) when someone
/// else wrote in between, so the caller reloads and decides again instead of overwriting.
/// </summary>
/// <remarks>
/// Writes go through <see cref="SqliteDatabase.Serialized"/>, which only orders them; the version
/// check still decides which of two competing writes applies.
/// </remarks>
public sealed class FlowStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public FlowStateStore(SqliteDatabase database, TimeProvider time, FlowOptions options)
    {
        if (options.Expiry <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.Expiry, $"{FlowOptions.SectionName}:Expiry must be a positive time span, such as 24:00:00");
        _database = database;
        _time = time;
        Expiry = options.Expiry;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS flow_state(
                key TEXT PRIMARY KEY,
                version INTEGER NOT NULL,
                state_json TEXT NOT NULL,
                updated_at TEXT NOT NULL);
            """);
    }

    public TimeSpan Expiry { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    public StoredFlow? Load(string key)
    {
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT version, state_json, updated_at FROM flow_state WHERE key = $key";
        read.Parameters.AddWithValue("$key", key);
        using var reader = read.ExecuteReader();
        if (!reader.Read())
            return null;
        var state = JsonSerializer.Deserialize<FlowState>(reader.GetString(1), Json)
            ?? throw new InvalidDataException($"flow state of {key} is empty");
        return new StoredFlow(state, reader.GetInt64(0), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture));
    }

    public bool IsExpired(StoredFlow stored) => Now - stored.UpdatedAt > Expiry;

    /// <summary>Writes <paramref name="state"/> if the stored version is still <paramref name="expectedVersion"/>
    /// (null: if nothing is stored). Returns false, writing nothing, when it is not.</summary>
    public bool TrySave(string key, long? expectedVersion, FlowState state)
    {
        using var connection = _database.Open();
        using var write = connection.CreateCommand();
        write.CommandText = expectedVersion is null
            ? "INSERT INTO flow_state(key, version, state_json, updated_at) VALUES ($key, 1, $state, $now) ON CONFLICT(key) DO NOTHING"
            : "UPDATE flow_state SET version = version + 1, state_json = $state, updated_at = $now WHERE key = $key AND version = $version";
        write.Parameters.AddWithValue("$key", key);
        write.Parameters.AddWithValue("$state", JsonSerializer.Serialize(state, Json));
        write.Parameters.AddWithValue("$now", Now.ToString("O", CultureInfo.InvariantCulture));
        if (expectedVersion is not null)
            write.Parameters.AddWithValue("$version", expectedVersion.Value);
        return _database.Serialized(() => write.ExecuteNonQuery() == 1);
    }

    /// <summary>Removes the flow if the stored version is still <paramref name="expectedVersion"/>.</summary>
    public bool TryDelete(string key, long expectedVersion)
    {
        using var connection = _database.Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM flow_state WHERE key = $key AND version = $version";
        delete.Parameters.AddWithValue("$key", key);
        delete.Parameters.AddWithValue("$version", expectedVersion);
        return _database.Serialized(() => delete.ExecuteNonQuery() == 1);
    }
}
