using System.Data.Common;
using Npgsql;

namespace AdvisorBot.Core.Storage;

/// <summary>
/// PostgreSQL, shared by every replica (<c>Storage:Provider</c> = <c>PostgreSql</c>, connection
/// string <c>ConnectionStrings:AdvisorBot</c>). Connections come from Npgsql's pool; times are
/// <c>timestamptz</c>; queued work is claimed with <c>FOR UPDATE SKIP LOCKED</c>; migrations run
/// under an advisory lock, so replicas starting together apply them once.
/// </summary>
public sealed class PostgresStateDatabase : StateDatabase
{
    /// <summary>The advisory lock key of schema migrations ("AdvBotMg" in ASCII).</summary>
    private const long MigrationLockKey = 0x416476426f744d67;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresStateDatabase(string connectionString)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException error)
        {
            // The message names the bad keyword, never the value (it may hold the password).
            throw new StateDatabaseException($"ConnectionStrings:{StorageOptions.ConnectionStringName} is not a valid PostgreSQL connection string: {error.Message}", error);
        }
        Location = $"postgresql://{settings.Host}:{settings.Port}/{settings.Database}";
        _dataSource = NpgsqlDataSource.Create(settings);
    }

    public override StorageProvider Provider => StorageProvider.PostgreSql;

    public override string Location { get; }

    internal override IReadOnlyList<Migration> Migrations { get; } =
        Schema.For(new SqlTypes(Time: "timestamptz", Boolean: "boolean", Real: "double precision", Bytes: "bytea", Identity: "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"));

    internal override string SkipLockedRows => "FOR UPDATE SKIP LOCKED";

    internal override object TimeValue(DateTimeOffset time) => time.ToUniversalTime();

    internal override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    internal override string DistinctList(string column) => $"string_agg(DISTINCT {column}, ',')";

    internal override IDisposable LockForMigration(DbConnection connection)
    {
        using (var take = connection.Command("SELECT pg_advisory_lock(@key)", ("@key", MigrationLockKey)))
            take.ExecuteNonQuery();
        return new AdvisoryLock(connection);
    }

    protected override DbConnection CreateConnection() => _dataSource.CreateConnection();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _dataSource.Dispose();
    }

    private sealed class AdvisoryLock(DbConnection connection) : IDisposable
    {
        public void Dispose()
        {
            using var release = connection.Command("SELECT pg_advisory_unlock(@key)", ("@key", MigrationLockKey));
            release.ExecuteNonQuery();
        }
    }
}
