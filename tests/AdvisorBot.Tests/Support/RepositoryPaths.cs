namespace AdvisorBot.Tests.Support;

/// <summary>Finds the repository's own folders from the test binaries, so tests use the real
/// knowledge base without depending on the working directory.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Knowledge => Path.Combine(Root, "knowledge");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AdvisorBot.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("AdvisorBot.sln not found above " + AppContext.BaseDirectory);
    }
}
