using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Feedback;
using AdvisorBot.Core.Storage;
using AdvisorBot.Hosting;
using AdvisorBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AdvisorBot.Tests.Storage;

/// <summary>The host's storage settings: the embedded file by default, PostgreSQL when asked, and
/// a clear refusal of settings that cannot work.</summary>
public class StorageSettingsTests
{
    [Fact]
    public void Nothing_configured_means_the_embedded_sqlite_file()
    {
        using var directory = new TempDirectory();
        using var app = BuildHost([$"--Storage:DatabasePath={Path.Combine(directory.Path, "state.db")}"]);

        var database = app.Services.GetRequiredService<StateDatabase>();

        Assert.Equal(StorageProvider.Sqlite, database.Provider);
        Assert.True(File.Exists(Path.Combine(directory.Path, "state.db")));
        Assert.Equal(Schema.Latest, database.SchemaVersion);
    }

    [Theory]
    [InlineData("--Storage:Provider=PostgreSql", "ConnectionStrings:AdvisorBot")]
    [InlineData("--Storage:Provider=Oracle", "Storage:Provider")]
    [InlineData("--Storage:PurgeInterval=00:00:00", "PurgeInterval")]
    public void A_setting_that_cannot_work_stops_start_up_with_its_name(string setting, string named)
    {
        using var directory = new TempDirectory();
        // Checked as the host is built, before it does anything.
        var error = Assert.ThrowsAny<Exception>(() => BuildHost([$"--Storage:DatabasePath={Path.Combine(directory.Path, "state.db")}", setting]));

        Assert.Contains(named, error.ToString());
    }

    [Fact]
    public void A_connection_string_that_is_not_one_is_refused_without_echoing_it()
    {
        var error = Assert.ThrowsAny<Exception>(() => BuildHost(["--Storage:Provider=PostgreSql", "--ConnectionStrings:AdvisorBot=Host=db;Passwort=hunter2"]));

        Assert.Contains("ConnectionStrings:AdvisorBot", error.Message);
        Assert.DoesNotContain("hunter2", error.ToString());
    }

    internal static WebApplication BuildHost(string[] settings) =>
        BotHost.Build([$"--Knowledge:Directory={RepositoryPaths.Knowledge}", "--Knowledge:WatchForChanges=false", .. settings],
            builder => builder.Logging.ClearProviders());
}

/// <summary>The whole host on PostgreSQL: what a turn writes lands in the shared database.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresHostTests(PostgresServer server)
{
    [Fact]
    public async Task The_host_keeps_flows_and_answers_in_postgresql_when_configured()
    {
        var connectionString = await server.CreateDatabaseAsync();
        string[] settings = ["--Storage:Provider=PostgreSql", $"--ConnectionStrings:AdvisorBot={connectionString}"];
        await using (var first = StorageSettingsTests.BuildHost(settings))
        {
            var engine = first.Services.GetRequiredService<ConversationEngine>();
            Assert.Equal(StorageProvider.PostgreSql, first.Services.GetRequiredService<StateDatabase>().Provider);
            await engine.HandleAsync(new InboundMessage("test", "room", "ana", "/choose-framework"));
            await engine.HandleAsync(new InboundMessage("test", "room", "ana", "api"));
            await engine.HandleAsync(new InboundMessage("test", "room", "ben", "What's the weather in Berlin?"));
        }

        // Another process on the same database carries on the flow and sees the declined question.
        await using var second = StorageSettingsTests.BuildHost(settings);
        var replies = await second.Services.GetRequiredService<ConversationEngine>().HandleAsync(new InboundMessage("test", "room", "ana", "back"));
        Assert.Contains("An API or backend", Assert.Single(replies).Text);
        Assert.Contains(await second.Services.GetRequiredService<FeedbackStore>().UnansweredAsync(), question => question.Question == "What's the weather in Berlin?");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM flow_state", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }
}

/// <summary>The host's background purge: expired rows go without anyone's next message.</summary>
public class StoragePurgeTests
{
    [Fact]
    public async Task Expired_rows_are_deleted_in_the_background()
    {
        var time = new TestTime();
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge, new Dictionary<string, string?> { ["Storage:PurgeInterval"] = "00:00:01" },
            services => services.AddSingleton<TimeProvider>(time));
        var claims = host.Service<InboundClaims>();
        Assert.True(await claims.TryClaimAsync("purge-test", TimeSpan.FromMinutes(1)));

        time.Advance(TimeSpan.FromMinutes(2));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await CountAsync(host.Service<StateDatabase>()) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired claim was not purged");
            await Task.Delay(100);
        }
    }

    private static Task<long> CountAsync(StateDatabase database) =>
        database.ReadAsync(async connection =>
        {
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM inbound_claims WHERE claim_key = 'purge-test'";
            return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }, CancellationToken.None);
}
