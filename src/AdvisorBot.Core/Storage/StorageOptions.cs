using System.ComponentModel.DataAnnotations;

namespace AdvisorBot.Core.Storage;

/// <summary>Where conversation state lives.</summary>
public enum StorageProvider
{
    /// <summary>The embedded SQLite file: nothing to configure, one process at a time per file.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by every replica.</summary>
    PostgreSql,
}

/// <summary>Storage settings, bound from the "Storage" configuration section; the PostgreSQL
/// connection string is <c>ConnectionStrings:AdvisorBot</c>, as ASP.NET Core users expect.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The name under <c>ConnectionStrings</c> of the PostgreSQL connection string.</summary>
    public const string ConnectionStringName = "AdvisorBot";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file for conversation state and feedback (provider Sqlite).</summary>
    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = System.IO.Path.Combine("data", "advisorbot.db");

    /// <summary>How often expired rows (claims, finished queue items, ended conversations, abandoned
    /// flows) are deleted in the background.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(5);
}
