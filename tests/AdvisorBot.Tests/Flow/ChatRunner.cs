using System.Text.Json;
using AdvisorBot.CommandLine;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Flow;

/// <summary>What one run of <c>chat --json</c> printed: its exit code and each reply line.</summary>
public sealed record ChatRun(int ExitCode, IReadOnlyList<JsonElement> Replies, string Stdout, string Stderr)
{
    public JsonElement Last => Replies[^1];

    public IEnumerable<string> Kinds => Replies.Select(reply => reply.GetProperty("kind").GetString()!);

    public static ChatRun Parse(int exitCode, string stdout, string stderr) => new(
        exitCode,
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList(),
        stdout,
        stderr);
}

/// <summary>
/// Drives the terminal channel the way a person (or a script) does: lines in, JSON lines out, through
/// the real command line (<see cref="Cli.RunAsync"/>), with its own state file so tests never share
/// a conversation by accident.
/// </summary>
public sealed class ChatRunner : IDisposable
{
    private readonly TempDirectory _directory = new();

    public ChatRunner()
    {
        Database = Path.Combine(_directory.Path, "state.db");
    }

    /// <summary>The state file every run of this runner shares, like a bot's data folder.</summary>
    public string Database { get; }

    public async Task<ChatRun> ChatAsync(IEnumerable<string> lines, string user = "ana", string conversation = "team-chat", string? knowledge = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var input = new StringReader(string.Join('\n', lines) + "\n");
        var code = await Cli.RunAsync(
            ["chat", "--json", "--db", Database, "--user", user, "--conversation", conversation, "--knowledge", knowledge ?? RepositoryPaths.Knowledge],
            stdout, stderr, input);
        return ChatRun.Parse(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The same, as a separate process of the built executable.</summary>
    public async Task<ChatRun> ChatInProcessOfItsOwnAsync(IEnumerable<string> lines, string user = "ana", string conversation = "team-chat")
    {
        var run = await ExecutableRun.RunAsync(
            ["chat", "--json", "--db", Database, "--user", user, "--conversation", conversation, "--knowledge", RepositoryPaths.Knowledge],
            input: lines, workingDirectory: _directory.Path);
        return ChatRun.Parse(run.ExitCode, run.Output, run.Error);
    }

    public void Dispose() => _directory.Dispose();
}
