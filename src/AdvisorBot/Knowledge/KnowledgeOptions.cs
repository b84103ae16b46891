namespace AdvisorBot.Knowledge;

/// <summary>Where the knowledge comes from, bound from the "Knowledge" configuration section
/// (or the command line's --knowledge and --index).</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>Folder of articles and vocabulary. Unset: ./knowledge if there is one, else the
    /// copy shipped beside the executable (the embedded default).</summary>
    public string? Directory { get; set; }

    /// <summary>An index file written by the 'index' verb, opened instead of indexing the folder.</summary>
    public string? IndexFile { get; set; }

    /// <summary>Reload when a knowledge file (or the index file) changes on disk.</summary>
    public bool WatchForChanges { get; set; } = true;

    /// <summary>How long the files must stay unchanged before a watched change is reloaded, so
    /// that one save (or a copy of several files) makes one reload.</summary>
    public TimeSpan WatchDebounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a replaced snapshot stays open after a reload, for questions that began on it.</summary>
    public TimeSpan RetireAfter { get; set; } = TimeSpan.FromSeconds(30);

    public string ResolveDirectory()
    {
        if (!string.IsNullOrWhiteSpace(Directory))
            return Path.GetFullPath(Directory);
        var local = Path.GetFullPath("knowledge");
        if (System.IO.Directory.Exists(local))
            return local;
        return Path.Combine(AppContext.BaseDirectory, "knowledge");
    }
}
