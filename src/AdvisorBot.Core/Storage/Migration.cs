using System.Data.Common;
using System.Globalization;

namespace AdvisorBot.Core.Storage;

/// <summary>One step of a backend's schema: applied once, in version order, recorded in
/// <c>schema_migrations</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Brings a database's schema up to the newest version this build knows. Every process runs it at
/// start-up; the backend's migration lock makes the others wait while one applies the scripts, and
/// then they find nothing left to do. A database already newer than this build (a later version
/// rolled out beside it) is left as it is.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>Migrates; returns the database's schema version afterwards.</summary>
    public static int Migrate(StateDatabase database)
    {
        using var connection = database.OpenUnmigrated();
        using var migrationLock = database.LockForMigration(connection);
        using var transaction = connection.BeginTransaction();
        using (var create = connection.Command(transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations(
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TEXT NOT NULL)
            """))
            create.ExecuteNonQuery();
        var applied = AppliedVersions(connection, transaction);
        foreach (var migration in database.Migrations.Where(migration => !applied.Contains(migration.Version)).OrderBy(migration => migration.Version))
        {
            using (var apply = connection.Command(transaction, migration.Sql))
                apply.ExecuteNonQuery();
            using var record = connection.Command(transaction, "INSERT INTO schema_migrations(version, name, applied_at) VALUES (@version, @name, @at)",
                ("@version", migration.Version), ("@name", migration.Name), ("@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
            record.ExecuteNonQuery();
        }
        transaction.Commit();
        return applied.Concat(database.Migrations.Select(migration => migration.Version)).Max();
    }

    private static HashSet<int> AppliedVersions(DbConnection connection, DbTransaction transaction)
    {
        using var read = connection.Command(transaction, "SELECT version FROM schema_migrations");
        using var reader = read.ExecuteReader();
        var versions = new HashSet<int>();
        while (reader.Read())
            versions.Add(reader.GetInt32(0));
        return versions;
    }
}
