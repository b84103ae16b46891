using AdvisorBot.CommandLine;

namespace AdvisorBot.Tests.Support;

/// <summary>Runs the real command line in-process, with its own standard streams.</summary>
public static class CliRun
{
    public sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static async Task<Outcome> RunWithInputAsync(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await Cli.RunAsync(args, output, error, new StringReader(input));
        return new Outcome(exitCode, output.ToString(), error.ToString());
    }

    public static Task<Outcome> RunAsync(params string[] args) => RunWithInputAsync("", args);
}
