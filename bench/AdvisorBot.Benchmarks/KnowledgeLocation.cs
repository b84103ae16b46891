namespace AdvisorBot.Benchmarks;

/// <summary>Finds the repository's knowledge/ folder from wherever BenchmarkDotNet runs the
/// benchmark process (it builds and runs a copy in its own folder).</summary>
public static class KnowledgeLocation
{
    public static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ADVISORBOT_KNOWLEDGE");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return fromEnvironment;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "AdvisorBot.sln")))
                    return Path.Combine(directory.FullName, "knowledge");
            }
        }
        throw new DirectoryNotFoundException("knowledge/ not found; set ADVISORBOT_KNOWLEDGE");
    }
}
