using System.Text.Json;
using AdvisorBot.CommandLine;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Flow;

/// <summary>The passages <c>sections --json</c> lists for the real knowledge base, by id: what a
/// recommendation's passageId must name.</summary>
public static class SectionsListing
{
    private static readonly Lazy<Task<IReadOnlyDictionary<string, string>>> Passages = new(ReadAsync);

    public static Task<IReadOnlyDictionary<string, string>> TextByIdAsync() => Passages.Value;

    private static async Task<IReadOnlyDictionary<string, string>> ReadAsync()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Cli.RunAsync(["sections", "--json", "--knowledge", RepositoryPaths.Knowledge], stdout, stderr, new StringReader(""));
        if (code != 0)
            throw new InvalidOperationException("sections --json failed: " + stderr);
        return stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(passage => passage.GetProperty("id").GetString()!, passage => passage.GetProperty("text").GetString()!);
    }
}
