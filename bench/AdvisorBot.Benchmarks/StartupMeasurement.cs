using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Benchmarks;

/// <summary>
/// Start-up to ready, as an operator sees it: the built bot (<c>src/AdvisorBot/bin/Release</c>)
/// started as a process, timed until <c>/readyz</c> answers, first with no vector cache (cold),
/// then several times with the cache it left (warm); and the memory the ready process holds.
/// </summary>
public static class StartupMeasurement
{
    public static async Task<int> RunAsync(int warmRuns)
    {
        var root = Path.GetDirectoryName(KnowledgeLocation.Find())!;
        var bot = new[] { "Release", "Debug" }.Select(configuration => Path.Combine(root, "src", "AdvisorBot", "bin", configuration, "net10.0", "AdvisorBot.dll")).FirstOrDefault(File.Exists);
        if (bot is null)
        {
            Console.Error.WriteLine("Build the bot first: dotnet build -c Release src/AdvisorBot");
            return 1;
        }
        var data = Directory.CreateTempSubdirectory("advisorbot-startup-").FullName;
        try
        {
            var cold = await TimeToReadyAsync(bot, root, data);
            Console.WriteLine($"cold start to ready (no vector cache): {cold.Milliseconds} ms, working set {cold.WorkingSet / 1024 / 1024} MB");
            var warm = new List<Run>();
            for (var i = 0; i < warmRuns; i++)
                warm.Add(await TimeToReadyAsync(bot, root, data));
            var times = warm.Select(run => run.Milliseconds).Order().ToList();
            Console.WriteLine($"warm start to ready ({warmRuns} runs): median {times[times.Count / 2]} ms, min {times[0]} ms, max {times[^1]} ms; working set {warm.Max(run => run.WorkingSet) / 1024 / 1024} MB");
            return 0;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private sealed record Run(long Milliseconds, long WorkingSet);

    private static async Task<Run> TimeToReadyAsync(string bot, string root, string data)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [bot, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Knowledge__WatchForChanges"] = "false",
                ["Storage__DatabasePath"] = Path.Combine(data, "advisorbot.db"),
                ["Search__VectorCache"] = Path.Combine(data, SearchOptions.VectorCacheFileName),
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"the bot exited with {process.ExitCode} before it was ready");
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/readyz");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var elapsed = clock.ElapsedMilliseconds;
                        process.Refresh();
                        return new Run(elapsed, process.WorkingSet64);
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                await Task.Delay(10);
            }
            throw new TimeoutException("the bot was not ready within two minutes");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
