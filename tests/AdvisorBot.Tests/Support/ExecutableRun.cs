using System.Diagnostics;

namespace AdvisorBot.Tests.Support;

/// <summary>Runs the built executable as a process of its own, as a person would from a shell:
/// its own environment variables, working directory and standard streams.</summary>
public static class ExecutableRun
{
    public static async Task<CliRun.Outcome> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null,
        IEnumerable<string>? input = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "AdvisorBot.exe" : "AdvisorBot");
        if (File.Exists(apphost))
            start.FileName = apphost;
        else
        {
            start.FileName = "dotnet";
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AdvisorBot.dll"));
        }
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        foreach (var line in input ?? [])
            await process.StandardInput.WriteLineAsync(line);
        process.StandardInput.Close();
        // A guard against a process that never ends, not a measure of speed: on two busy cores the
        // executable's first start (loading the model, embedding) has taken over 20 s.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun.Outcome(process.ExitCode, await stdout, await stderr);
    }
}
