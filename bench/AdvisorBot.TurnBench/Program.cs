using System.Diagnostics;
using System.Globalization;
using AdvisorBot.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// Turn throughput through POST /api/messages, end to end: an activity in, the engine's answer out
// through the connector, the 200 back. The bot runs in local anonymous mode (no tokens), its
// replies go to a stand-in connector on loopback, and each turn is a question of its own
// (DistinctQuestions: none repeats within a run, so no cache of whole questions decides the
// figure) in its own conversation (so the per-conversation rate limit never applies). Bounded in
// requests and in time; prints figures, asserts nothing.
//
// --side-by-side: the bot with the embedding model (Search:Semantic=true, the default) and the
// same build by words alone (Search:Semantic=false), each its own process, started together and
// loaded in alternating rounds so that both see the same load from whatever else shares the
// machine; prints turns/s, p50/p99, the bot's processor time per turn and its memory (resident
// when ready, steady under load, peak) for each, and their ratio.
//
// Otherwise the host runs in this process: --storage sqlite (the embedded default) or postgres: a
// throwaway PostgreSQL server started here (tests/postgres/postgres.sh) unless --connection names
// one. --replicas N runs N hosts sharing the state database, each on its own port; the turns go
// to them in turn, as a load balancer would send them.
//
// --full-setting KEY=VALUE (repeatable) gives the bot with the model a setting of its own, for
// measuring one, e.g. --full-setting Search:QuestionBatchSize=8.
//
//   dotnet run -c Release --project bench/AdvisorBot.TurnBench -- --side-by-side [--requests 1000] [--concurrency 32] [--warmup 200] [--rounds 2]
//       [--full-setting Search:QuestionBatchWait=00:00:00.002]
//   dotnet run -c Release --project bench/AdvisorBot.TurnBench -- [--requests 1000] [--concurrency 8] [--warmup 200] [--max-seconds 120]
//       [--storage sqlite|postgres] [--connection "Host=...;Database=...;Username=..."] [--replicas 1]

var sideBySide = args.Contains("--side-by-side");
var requests = Argument("--requests", 1000);
var concurrency = Argument("--concurrency", sideBySide ? 32 : 8);
var warmup = Argument("--warmup", 200);
var maxSeconds = Argument("--max-seconds", 120);
var repository = FindRepository();
var questions = DistinctQuestions.Take(warmup + requests);
await using var connector = await StandInConnector.StartAsync();

if (sideBySide)
{
    var fullSettings = args.Select((argument, i) => (argument, i)).Where(pair => pair.argument == "--full-setting" && pair.i + 1 < args.Length)
        .Select(pair => "--" + args[pair.i + 1]).ToArray();
    return await SideBySide.RunAsync(repository, connector.ServiceUrl, questions[..warmup], questions[warmup..], concurrency, Argument("--rounds", 2), TimeSpan.FromSeconds(maxSeconds), fullSettings);
}

var replicas = Argument("--replicas", 1);
var storage = TextArgument("--storage", "sqlite");
if (storage is not ("sqlite" or "postgres"))
    throw new ArgumentException("--storage must be sqlite or postgres");

var data = Directory.CreateTempSubdirectory("advisorbot-turnbench-");
await using var postgres = storage == "postgres" && TextArgument("--connection", "") is { Length: 0 } ? await ThrowawayPostgres.StartAsync(repository) : null;
string[] storageSettings = storage == "postgres"
    ? ["--Storage:Provider=PostgreSql", $"--ConnectionStrings:AdvisorBot={postgres?.ConnectionString ?? TextArgument("--connection", "")}"]
    : [$"--Storage:DatabasePath={Path.Combine(data.FullName, "advisorbot.db")}"];
var bots = new List<WebApplication>();
var clients = new List<HttpClient>();
for (var replica = 0; replica < replicas; replica++)
{
    var bot = BotHost.Build(
    [
        "--urls", "http://127.0.0.1:0",
        "--environment", "Production",
        $"--Knowledge:Directory={Path.Combine(repository, "knowledge")}",
        "--Knowledge:WatchForChanges=false",
        "--Turns:WorkingSignalDelay=01:00:00",
        .. storageSettings,
    ], builder => builder.Logging.ClearProviders());
    await bot.StartAsync();
    bots.Add(bot);
    var address = bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    clients.Add(new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
}

var load = new TurnLoad(clients, connector.ServiceUrl, concurrency, TimeSpan.FromSeconds(maxSeconds));
await load.RunAsync(questions[..warmup]);
var sentBefore = connector.Received;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var figures = await load.RunAsync(questions[warmup..]);
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var delivered = connector.Received - sentBefore;
foreach (var bot in bots)
{
    await bot.StopAsync();
    await bot.DisposeAsync();
}
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
data.Delete(recursive: true);

Console.WriteLine($"storage: {storage}, replicas: {replicas}");
Console.WriteLine($"turns: {figures.Done} ({figures.Failed} failed), concurrency {concurrency}, {TurnFigures.F(figures.Elapsed.TotalSeconds)} s, every question distinct");
Console.WriteLine($"throughput: {TurnFigures.F(figures.TurnsPerSecond)} turns/s");
Console.WriteLine($"latency ms: p50 {TurnFigures.F(figures.Percentile(0.50))}, p95 {TurnFigures.F(figures.Percentile(0.95))}, p99 {TurnFigures.F(figures.Percentile(0.99))}, max {TurnFigures.F(figures.Latencies.DefaultIfEmpty().Max())}");
Console.WriteLine($"replies delivered to the connector: {delivered}");
// Processor time of this process (bot, stand-in connector and load together; with --storage
// postgres not the server's) per turn: unlike turns/s, it hardly moves when other work shares the machine.
Console.WriteLine($"cpu: {TurnFigures.F(cpu.TotalMilliseconds / Math.Max(1, figures.Done))} ms per turn, {TurnFigures.F(figures.Done / Math.Max(0.001, cpu.TotalSeconds))} turns per cpu-second");
return figures.Failed == 0 && figures.Done == requests ? 0 : 1;

string TextArgument(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

int Argument(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static string FindRepository()
{
    for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "AdvisorBot.sln")))
            return directory.FullName;
    }
    throw new DirectoryNotFoundException("run from inside the repository (AdvisorBot.sln not found)");
}

/// <summary>The connector's side on loopback: accepts every activity the bot sends, counts it.</summary>
sealed class StandInConnector(WebApplication app) : IAsyncDisposable
{
    private int _received;

    public string ServiceUrl { get; private set; } = "";

    public int Received => Volatile.Read(ref _received);

    public static async Task<StandInConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new StandInConnector(app);
        app.MapPost("/v3/conversations/{**rest}", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref connector._received);
            return Results.Json(new { id = "sent" });
        });
        await app.StartAsync();
        connector.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return connector;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>A PostgreSQL server for the run only, on a free loopback port, started and stopped
/// with the tests' own script (which installs Debian's postgresql if it is missing).</summary>
sealed class ThrowawayPostgres(string repository, string directory, int port) : IAsyncDisposable
{
    public string ConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=50";

    public static async Task<ThrowawayPostgres> StartAsync(string repository)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new ThrowawayPostgres(repository, Path.Combine(Path.GetTempPath(), "advisorbot-bench-pg-" + Guid.NewGuid().ToString("N")[..8]), port);
        await server.RunAsync("start", server.Directory, port.ToString(CultureInfo.InvariantCulture), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return server;
    }

    private string Directory => directory;

    public async ValueTask DisposeAsync() => await RunAsync("stop", directory);

    private async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(repository, "tests", "postgres", "postgres.sh"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"postgres.sh {arguments[0]} failed: {await errors}");
    }
}
