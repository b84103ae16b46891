using System.Data.Common;

namespace AdvisorBot.Core.Storage;

/// <summary>
/// The one storage contract: the database that keeps everything a turn needs from earlier turns,
/// so any replica can serve any request. Two backends implement it, the embedded SQLite file (the
/// default) and PostgreSQL (several replicas). The stores (<see cref="Flow.FlowStateStore"/>,
/// <see cref="Feedback.FeedbackStore"/>, <see cref="HostedConversationStore"/>,
/// <see cref="InboundClaims"/>, <see cref="WorkQueue"/>) speak SQL both understand, with
/// <c>@name</c> parameters; what differs (time values, row locks, migrations) is asked of the backend.
/// Every read and write is asynchronous, so a turn waiting on the database holds no pool thread.
/// </summary>
public abstract class StateDatabase : IDisposable
{
    private readonly Lock _migrationGate = new();
    private volatile bool _migrated;

    public abstract StorageProvider Provider { get; }

    /// <summary>The schema version of the database once migrated (0 before).</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>Where the data is, for logs: a file path, or host and database (never a password).</summary>
    public abstract string Location { get; }

    /// <summary>The schema scripts of this backend, in version order.</summary>
    internal abstract IReadOnlyList<Migration> Migrations { get; }

    /// <summary>
    /// <c>FOR UPDATE SKIP LOCKED</c> where the backend has row locks, so replicas claiming queued
    /// work pass over rows another is claiming; empty where a write already locks the whole file.
    /// </summary>
    internal abstract string SkipLockedRows { get; }

    /// <summary>Creates and migrates the schema if that has not happened in this process yet.
    /// Safe when several processes start at once (see <see cref="LockForMigration"/>).
    /// A failure (the database not reachable yet, or refusing the bot) is thrown as a
    /// <see cref="StateDatabaseException"/> naming the setting and the server's reason, and the next call tries again.</summary>
    public void EnsureMigrated()
    {
        if (_migrated)
            return;
        lock (_migrationGate)
        {
            try
            {
                if (!_migrated)
                    SchemaVersion = SchemaMigrator.Migrate(this);
            }
            catch (DbException error)
            {
                var setting = Provider == StorageProvider.PostgreSql
                    ? $"ConnectionStrings:{StorageOptions.ConnectionStringName}"
                    : $"{StorageOptions.SectionName}:{nameof(StorageOptions.DatabasePath)}";
                throw new StateDatabaseException($"the state database {Location} ({setting}) cannot be opened: {error.Message}", error);
            }
            _migrated = true;
        }
    }

    /// <summary>A time as a parameter value of this backend.</summary>
    internal abstract object TimeValue(DateTimeOffset time);

    internal abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>A comma-separated list of the distinct values of <paramref name="column"/> (an aggregate).</summary>
    internal abstract string DistinctList(string column);

    /// <summary>Holds the schema against other processes migrating it, until disposed.</summary>
    internal abstract IDisposable LockForMigration(DbConnection connection);

    protected abstract DbConnection CreateConnection();

    /// <summary>Per-connection settings, run on every connection opened.</summary>
    protected virtual void OnOpened(DbConnection connection)
    {
    }

    /// <summary>Orders this process's writes where the backend would otherwise make them wait
    /// clumsily; null where it need not.</summary>
    protected virtual SemaphoreSlim? WriteGate => null;

    internal DbConnection OpenUnmigrated()
    {
        var connection = CreateConnection();
        connection.Open();
        OnOpened(connection);
        return connection;
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        EnsureMigrated();
        var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken);
        OnOpened(connection);
        return connection;
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await read(connection);
    }

    public async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> write, CancellationToken cancellationToken)
    {
        var gate = WriteGate;
        if (gate is not null)
            await gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await write(connection);
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>Runs one write statement; returns how many rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        WriteAsync(async connection =>
        {
            await using var command = connection.Command(sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Runs <paramref name="write"/> in one transaction, committed when it returns.</summary>
    public Task<T> TransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await write(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }, cancellationToken);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The backend <paramref name="options"/> name, not yet migrated.</summary>
    public static StateDatabase Create(StorageOptions options, string? connectionString) => options.Provider switch
    {
        StorageProvider.Sqlite => new SqliteStateDatabase(options.DatabasePath),
        StorageProvider.PostgreSql => string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException($"{StorageOptions.SectionName}:Provider is PostgreSql but ConnectionStrings:{StorageOptions.ConnectionStringName} is not set")
            : new PostgresStateDatabase(connectionString),
        _ => throw new InvalidOperationException($"{StorageOptions.SectionName}:Provider must be Sqlite or PostgreSql"),
    };
}

/// <summary>The state database cannot be used: its connection string is not one, or the server
/// refuses the bot. The message names the setting and the reason, never a password.</summary>
public sealed class StateDatabaseException(string message, Exception? inner = null) : Exception(message, inner);
