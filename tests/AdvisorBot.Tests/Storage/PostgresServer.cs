using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AdvisorBot.Tests.Support;
using Npgsql;

namespace AdvisorBot.Tests.Storage;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run (tests/postgres/postgres.sh: installs
/// Debian's postgresql if missing, initdb into a temporary folder, pg_ctl on a free loopback port),
/// stopped when the run ends. Each test gets a database of its own from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "advisorbot-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private int _port;

    public string AdminConnectionString => ConnectionStringFor("postgres");

    public async Task InitializeAsync()
    {
        _port = FreeLoopbackPort();
        await RunScriptAsync("start", _directory, _port.ToString(System.Globalization.CultureInfo.InvariantCulture), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task DisposeAsync() => RunScriptAsync("stop", _directory);

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = "postgres",
        Database = database,
        // Tests create and drop many small pools; keep each small.
        MaxPoolSize = 20,
    }.ToString();

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunScriptAsync(params string[] arguments)
    {
        var script = Path.Combine(RepositoryPaths.Root, "tests", "postgres", "postgres.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // Installing the package on a fresh machine takes a while; starting takes a second.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"postgres.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await errors}");
    }
}

/// <summary>Every test class that needs PostgreSQL is in this collection, so the server starts once.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
