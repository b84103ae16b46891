using System.Text.Json;
using AdvisorBot.Core.Storage;

namespace AdvisorBot.Core.Flow;

/// <summary>A stored flow with the version it was read at and when it was last written.</summary>
public sealed record StoredFlow(FlowState State, long Version, DateTimeOffset UpdatedAt);

/// <summary>
/// Flow state per person per conversation in the state database, so a restart loses nothing and
/// any replica can take the next turn. Writes are optimistic: each names the version it read, and
/// fails (returns false) when someone else wrote in between, so the caller reloads and decides
/// again instead of overwriting.
/// </summary>
public sealed class FlowStateStore : IExpiringStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly StateDatabase _database;
    private readonly TimeProvider _time;

    public FlowStateStore(StateDatabase database, TimeProvider time, FlowOptions options)
    {
        if (options.Expiry <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.Expiry, $"{FlowOptions.SectionName}:Expiry must be a positive time span, such as 24:00:00");
        _database = database;
        _time = time;
        Expiry = options.Expiry;
    }

    public TimeSpan Expiry { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    public string Name => "flows";

    public Task<StoredFlow?> LoadAsync(string key, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async connection =>
        {
            await using var read = connection.Command("SELECT version, state_json, updated_at FROM flow_state WHERE key = @key", ("@key", key));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            var state = JsonSerializer.Deserialize<FlowState>(reader.GetString(1), Json)
                ?? throw new InvalidDataException($"flow state of {key} is empty");
            return new StoredFlow(state, reader.GetInt64(0), _database.ReadTime(reader, 2));
        }, cancellationToken);

    public bool IsExpired(StoredFlow stored) => Now - stored.UpdatedAt > Expiry;

    /// <summary>Writes <paramref name="state"/> if the stored version is still <paramref name="expectedVersion"/>
    /// (null: if nothing is stored). Returns false, writing nothing, when it is not.</summary>
    public async Task<bool> TrySaveAsync(string key, long? expectedVersion, FlowState state, CancellationToken cancellationToken = default)
    {
        (string, object?)[] values = [("@key", key), ("@state", JsonSerializer.Serialize(state, Json)), ("@now", _database.TimeValue(Now))];
        var (sql, parameters) = expectedVersion is { } version
            ? ("UPDATE flow_state SET version = version + 1, state_json = @state, updated_at = @now WHERE key = @key AND version = @version", [.. values, ("@version", version)])
            : ("INSERT INTO flow_state(key, version, state_json, updated_at) VALUES (@key, 1, @state, @now) ON CONFLICT(key) DO NOTHING", values);
        return await _database.ExecuteAsync(sql, cancellationToken, parameters) == 1;
    }

    /// <summary>Removes the flow if the stored version is still <paramref name="expectedVersion"/>.</summary>
    public async Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken = default) =>
        await _database.ExecuteAsync("DELETE FROM flow_state WHERE key = @key AND version = @version", cancellationToken, ("@key", key), ("@version", expectedVersion)) == 1;

    /// <summary>Deletes flows left alone for twice the expiry: long enough that someone coming back
    /// soon after it is still told their flow was set aside, not met with silence.</summary>
    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken) =>
        _database.ExecuteAsync("DELETE FROM flow_state WHERE updated_at < @cutoff", cancellationToken, ("@cutoff", _database.TimeValue(Now - 2 * Expiry)));
}
