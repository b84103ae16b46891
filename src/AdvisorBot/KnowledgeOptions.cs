namespace AdvisorBot;

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
