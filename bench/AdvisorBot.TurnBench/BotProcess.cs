using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

/// <summary>
/// The bot as its own process, as it is deployed: the AdvisorBot executable of this same build,
/// serving on a free loopback port with its own data folder, so its memory is its own and can
/// be read from /proc while it works.
/// </summary>
sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _data;

    private BotProcess(Process process, DirectoryInfo data, HttpClient client)
    {
        _process = process;
        _data = data;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<BotProcess> StartAsync(string repository, IEnumerable<string> settings)
    {
        // The bot built with this bench (its project reference), in the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var executable = Path.Combine(repository, "src", "AdvisorBot", "bin", configuration, "net10.0", "AdvisorBot.dll");
        if (!File.Exists(executable))
            throw new FileNotFoundException($"build the bot first ({executable} is missing)");
        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("advisorbot-turnbench-");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data.FullName };
        foreach (var argument in (string[])
        [
            executable, "--urls", $"http://127.0.0.1:{port}", "--environment", "Production",
            $"--Knowledge:Directory={Path.Combine(repository, "knowledge")}",
            "--Knowledge:WatchForChanges=false",
            "--Turns:WorkingSignalDelay=01:00:00",
            $"--Storage:DatabasePath={Path.Combine(data.FullName, "advisorbot.db")}",
            .. settings,
        ])
            start.ArgumentList.Add(argument);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the bot did not start");
        // Drain its output so that it never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"bot {process.Id}: {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var bot = new BotProcess(process, data, client);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the bot exited with {process.ExitCode} before it was ready");
            try
            {
                using var ready = await client.GetAsync("/readyz");
                if (ready.StatusCode == HttpStatusCode.OK)
                    return bot;
            }
            catch (HttpRequestException)
            {
            }
            // A first start embeds every passage: a minute or more on a busy machine.
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                await bot.DisposeAsync();
                throw new TimeoutException("the bot was not ready within five minutes");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Resident memory now, and the most it has held since it started (VmRSS, VmHWM), in MB.</summary>
    public (double Resident, double Peak) Memory()
    {
        double resident = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                resident = Kilobytes(line) / 1024;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                peak = Kilobytes(line) / 1024;
        }
        return (resident, peak);

        static double Kilobytes(string line) =>
            double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Processor time the bot has used since it started.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _data.Delete(recursive: true);
    }
}
