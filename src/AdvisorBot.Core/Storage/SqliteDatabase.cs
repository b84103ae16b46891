using AdvisorBot.Core.Search;
using Microsoft.Data.Sqlite;

namespace AdvisorBot.Core.Storage;

/// <summary>
/// The embedded SQLite file that keeps what must survive a restart: guided-flow state, answers
/// and feedback. Each operation opens its own pooled connection; WAL mode lets readers run beside
/// a writer, and the busy timeout makes concurrent writers wait their turn instead of failing.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly Lock _writeGate = new();

    public SqliteDatabase(string path)
    {
        SqliteSetup.EnsureInitialized();
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        Path = fullPath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
        using var connection = Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL;";
        pragma.ExecuteNonQuery();
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Runs one write with this process's other writes to the file kept in line. The bundled
    /// SQLite waits for a busy database in whole seconds, so two writes colliding would cost one
    /// of them a second; in line, each waits only for the other's few microseconds. Other
    /// processes still meet the busy timeout.
    /// </summary>
    public T Serialized<T>(Func<T> write)
    {
        lock (_writeGate)
            return write();
    }

    /// <summary>Runs schema statements (CREATE TABLE IF NOT EXISTS ...).</summary>
    public void EnsureSchema(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Storage settings, bound from the "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>The SQLite file for conversation state and feedback.</summary>
    public string DatabasePath { get; set; } = System.IO.Path.Combine("data", "advisorbot.db");
}
