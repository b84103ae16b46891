using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AdvisorBot.Hosting;
using AdvisorBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisorBot.Tests.BotFramework.Support;

/// <summary>
/// The real bot (<see cref="BotHost.Build"/>) on Kestrel at a loopback port, configured by the
/// Bot Framework setting names to trust the test's <see cref="ChannelService"/>, with its own
/// SQLite file and the repository's knowledge. Its log lines are kept for assertions.
/// </summary>
public sealed class BotUnderTest : IAsyncDisposable
{
    public const string AppId = "6b7e1f52-2a8c-4c1e-9d0a-3f6f1c2b9e11";
    public const string AppPassword = "test-app-secret-0123456789";

    private readonly WebApplication _app;
    private readonly TempDirectory _data;

    private BotUnderTest(WebApplication app, TempDirectory data, HttpClient http, LogCapture logs)
    {
        _app = app;
        _data = data;
        Http = http;
        Logs = logs;
    }

    public HttpClient Http { get; }

    public LogCapture Logs { get; }

    public string DatabasePath => Path.Combine(_data.Path, "advisorbot.db");

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the bot. <paramref name="settings"/> override the defaults below (a null value removes one).</summary>
    public static async Task<BotUnderTest> StartAsync(ChannelService channel, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var data = new TempDirectory();
        var values = new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = AppPassword,
            ["ToBotFromChannelOpenIdMetadataUrl"] = channel.ChannelMetadataUrl,
            ["ToBotFromEmulatorOpenIdMetadataUrl"] = channel.EmulatorMetadataUrl,
            ["ToChannelFromBotLoginUrl"] = channel.LoginUrl,
            ["Storage:DatabasePath"] = Path.Combine(data.Path, "advisorbot.db"),
            ["Knowledge:Directory"] = RepositoryPaths.Knowledge,
            // Retries in tests wait on the test's clock or not at all.
            ["BotFramework:OutboundRetryDelay"] = "00:00:00",
            // On a busy machine an answer may take half a second; only the typing tests want typing.
            ["Turns:WorkingSignalDelay"] = "01:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;

        // The settings go in as command-line arguments, the way an operator might pass them.
        var args = new List<string> { "--urls", "http://127.0.0.1:0", "--environment", "Production" };
        args.AddRange(values.Where(pair => pair.Value is not null).Select(pair => $"--{pair.Key}={pair.Value}"));
        var logs = new LogCapture();
        var app = BotHost.Build([.. args], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            if (time is not null)
                builder.Services.AddSingleton(time);
            services?.Invoke(builder.Services);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            data.Dispose();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        return new BotUnderTest(app, data, http, logs);
    }

    /// <summary>Posts one activity to /api/messages, with the token when one is given.</summary>
    public async Task<HttpResponseMessage> PostAsync(object activity, string? token, string scheme = "Bearer")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        return await Http.SendAsync(request);
    }

    /// <summary>How many questions the bot has recorded in its database (answered or declined).</summary>
    public long RecordedQuestions()
    {
        if (!File.Exists(DatabasePath))
            return 0;
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'answers'";
        if ((long)command.ExecuteScalar()! == 0)
            return 0;
        command.CommandText = "SELECT count(*) FROM answers";
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
