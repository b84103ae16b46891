using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AdvisorBot.Core.Storage;

/// <summary>
/// The embedded default: one SQLite file, nothing to configure. Each operation opens its own
/// pooled connection; WAL mode lets readers run beside a writer, and the busy timeout makes
/// writers of other processes wait their turn instead of failing. Times are ISO 8601 text in UTC,
/// which sorts as time does.
/// </summary>
public sealed class SqliteStateDatabase : StateDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteStateDatabase(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        Path = fullPath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
        }.ToString();
        using var connection = OpenUnmigrated();
        using var pragma = connection.Command("PRAGMA journal_mode=WAL;");
        pragma.ExecuteNonQuery();
    }

    public string Path { get; }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string Location => Path;

    /// <summary>The types SQLite files have always had (INTEGER PRIMARY KEY is the rowid).</summary>
    internal override IReadOnlyList<Migration> Migrations { get; } =
        Schema.For(new SqlTypes(Time: "TEXT", Boolean: "INTEGER", Real: "REAL", Bytes: "BLOB", Identity: "INTEGER PRIMARY KEY AUTOINCREMENT"));

    internal override string SkipLockedRows => "";

    /// <summary>
    /// This process's writes to the file, kept in line. The bundled SQLite waits for a busy
    /// database in whole seconds, so two writes colliding would cost one of them a second; in
    /// line, each waits only for the other's few microseconds. Other processes still meet the busy
    /// timeout.
    /// </summary>
    protected override SemaphoreSlim WriteGate => _writeGate;

    internal override object TimeValue(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    internal override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);

    internal override string DistinctList(string column) => $"group_concat(DISTINCT {column})";

    /// <summary>Nothing to take: the migration's transaction begins IMMEDIATE, which holds the
    /// file's write lock against other processes until it commits.</summary>
    internal override IDisposable LockForMigration(DbConnection connection) => new NoLock();

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    protected override void OnOpened(DbConnection connection)
    {
        // WAL with synchronous=NORMAL, as SQLite advises for WAL: a commit is safe against a crash of
        // the process and the file is never corrupted; only a power cut may take back the last few
        // commits. FULL would sync the log on every one of a turn's several small writes.
        using var pragma = connection.Command("PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;");
        pragma.ExecuteNonQuery();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _writeGate.Dispose();
    }

    private sealed class NoLock : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
