using AdvisorBot.Tests.Storage;
using AdvisorBot.Tests.Support;
using Npgsql;

namespace AdvisorBot.Tests.Hosting;

/// <summary>
/// A setting that cannot work, a value of the wrong type, or a database that refuses the bot stops
/// the real executable (the server and the verbs) with exit code 1 and one <c>error:</c> line on
/// standard error naming the setting and what it accepts: no stack trace, no crash (exit 134).
/// </summary>
public class StartupErrorTests
{
    public static TheoryData<string, string, string[]> BadSettings => new()
    {
        { "Search__DefaultTop", "0", ["Search:DefaultTop", "from 1 to 10"] },
        { "Search__DefaultTop", "abc", ["Search:DefaultTop", "a whole number", "'abc'"] },
        { "Flow__Expiry", "banana", ["Flow:Expiry", "a time span such as", "'banana'"] },
        { "Storage__Provider", "postgres", ["Storage:Provider", "one of Sqlite, PostgreSql", "'postgres'"] },
        { "Storage__Provider", "PostgreSql", ["Storage:Provider", "ConnectionStrings:AdvisorBot must be set"] },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_server_with_one_error_line_naming_it(string name, string value, string[] said)
    {
        using var data = new TempDirectory();

        var run = await ServeAsync(data, new Dictionary<string, string?> { [name] = value });

        AssertOneErrorLine(run, said);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_a_verb_with_one_error_line_naming_it(string name, string value, string[] said)
    {
        using var data = new TempDirectory();

        var run = await ExecutableRun.RunAsync(["ask", "Does Flask come with an ORM?", "--knowledge", RepositoryPaths.Knowledge],
            new Dictionary<string, string?> { [name] = value, ["Storage__DatabasePath"] = Path.Combine(data.Path, "advisorbot.db") });

        AssertOneErrorLine(run, said);
    }

    [Fact]
    public async Task A_desk_api_key_too_short_stops_the_server_with_one_error_line()
    {
        using var data = new TempDirectory();

        var run = await ServeAsync(data, new Dictionary<string, string?> { ["Desk__ApiKey"] = "short" });

        AssertOneErrorLine(run, ["Desk:ApiKey", "at least 16 characters"]);
    }

    [Fact]
    public async Task Several_bad_settings_are_all_named_on_the_one_line()
    {
        using var data = new TempDirectory();

        var run = await ServeAsync(data, new Dictionary<string, string?> { ["Search__DefaultTop"] = "0", ["Desk__ApiKey"] = "short" });

        AssertOneErrorLine(run, ["Search:DefaultTop", "Desk:ApiKey"]);
    }

    internal static Task<CliRun.Outcome> ServeAsync(TempDirectory data, IReadOnlyDictionary<string, string?> settings)
    {
        var environment = new Dictionary<string, string?>(settings)
        {
            ["Knowledge__Directory"] = RepositoryPaths.Knowledge,
            ["Search__Semantic"] = "false",
        };
        environment.TryAdd("Storage__DatabasePath", Path.Combine(data.Path, "advisorbot.db"));
        return ExecutableRun.RunAsync(["--urls", "http://127.0.0.1:0"], environment);
    }

    internal static void AssertOneErrorLine(CliRun.Outcome run, IEnumerable<string> said)
    {
        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}\n{run.Error}");
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        foreach (var words in said)
            Assert.Contains(words, line);
        Assert.DoesNotContain("Unhandled exception", run.Output + run.Error);
        Assert.DoesNotContain("   at ", run.Output + run.Error);
    }
}

/// <summary>A PostgreSQL role that may not log in stops the server and the verbs with the
/// connection and the server's reason named, never the password.</summary>
[Collection(PostgresCollection.Name)]
public class DatabaseStartupErrorTests(PostgresServer server)
{
    private const string Password = "not-for-the-log-4711";

    private async Task<string> ConnectionStringOfARoleThatCannotLogInAsync()
    {
        var role = "nologin_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} NOLOGIN PASSWORD '{Password}'", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync()) { Username = role, Password = Password }.ToString();
    }

    [Fact]
    public async Task The_server_names_the_connection_and_the_servers_reason()
    {
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["ConnectionStrings__AdvisorBot"] = await ConnectionStringOfARoleThatCannotLogInAsync(),
        };

        var run = await StartupErrorTests.ServeAsync(data, settings);

        StartupErrorTests.AssertOneErrorLine(run, ["ConnectionStrings:AdvisorBot", "postgresql://127.0.0.1:", "not permitted to log in"]);
        Assert.DoesNotContain(Password, run.Output + run.Error);
    }

    [Fact]
    public async Task The_chat_verb_names_the_connection_and_the_servers_reason()
    {
        var run = await ExecutableRun.RunAsync(["chat", "--knowledge", RepositoryPaths.Knowledge], new Dictionary<string, string?>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["ConnectionStrings__AdvisorBot"] = await ConnectionStringOfARoleThatCannotLogInAsync(),
            ["Search__Semantic"] = "false",
        }, input: ["Does Flask come with an ORM?"]);

        StartupErrorTests.AssertOneErrorLine(run, ["ConnectionStrings:AdvisorBot", "not permitted to log in"]);
        Assert.DoesNotContain(Password, run.Output + run.Error);
    }
}
