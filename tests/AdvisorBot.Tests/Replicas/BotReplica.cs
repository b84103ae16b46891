using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Replicas;

/// <summary>
/// One replica of the bot as production runs it: a process of its own (<c>dotnet exec</c> of the
/// built AdvisorBot.dll) on its own loopback port, configured only through environment variables.
/// It can be killed outright (SIGKILL: no chance to finish anything) or stopped as Kubernetes
/// stops a pod (SIGTERM), and started again on the same port.
/// </summary>
public sealed class BotReplica : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private BotReplica(string name, int port, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        Port = port;
        _environment = environment;
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public HttpClient Client { get; }

    /// <summary>What the process wrote, for a failing test's message.</summary>
    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The running process's id (a worker's lease names it).</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>How the last process ended (null while it runs).</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    /// <summary>Starts a replica and waits until it answers <c>/readyz</c>. A port that was free
    /// when picked may be bound by something else before the replica binds it (three replicas pick
    /// theirs at once, beside other tests' connections): then it starts again on another.</summary>
    public static async Task<BotReplica> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        for (var attempt = 1; ; attempt++)
        {
            var replica = new BotReplica(name, FreeLoopbackPort(), environment);
            try
            {
                await replica.StartAgainAsync();
                return replica;
            }
            catch (InvalidOperationException) when (attempt < MaxPortAttempts && replica.Log.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await replica.DisposeAsync();
            }
            catch
            {
                await replica.DisposeAsync();
                throw;
            }
        }
    }

    private const int MaxPortAttempts = 3;

    /// <summary>Starts the process (again, after a kill or stop) on the same port.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(BuiltBot);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Port}");
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"replica {Name} exited with {process.ExitCode} while starting:\n{Log}");
            try
            {
                using var ready = await Client.GetAsync("readyz");
                if (ready.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"replica {Name} did not become ready:\n{Log}");
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or an evicted pod would end.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Stops the process as Kubernetes does (SIGTERM), waiting for it to finish what it has under way.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        // bash's own kill: a procps kill binary may not be installed.
        using (var term = Process.Start("bash", ["-c", $"kill -TERM {process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}"]))
            await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        Client.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine($"[{Name}] {line}");
    }

    /// <summary>The bot as built beside the tests (same configuration: Debug or Release).</summary>
    private static string BuiltBot
    {
        get
        {
            // .../tests/AdvisorBot.Tests/bin/{configuration}/net10.0/
            var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;
            var path = Path.Combine(RepositoryPaths.Root, "src", "AdvisorBot", "bin", configuration, "net10.0", "AdvisorBot.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build the solution first", path);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
