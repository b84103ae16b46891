using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AdvisorBot.BotFramework.Connector;
using AdvisorBot.Hosting;
using AdvisorBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisorBot.Tests.BotFramework.Support;

/// <summary>
/// The bot (<see cref="LoopbackBot"/>), configured by the Bot Framework setting names to trust the
/// test's <see cref="ChannelService"/>, with its own SQLite file and the repository's knowledge.
/// Its log lines are kept for assertions.
/// </summary>
public sealed class BotUnderTest : IAsyncDisposable
{
    public const string AppId = "6b7e1f52-2a8c-4c1e-9d0a-3f6f1c2b9e11";
    public const string AppPassword = "test-app-secret-0123456789";

    private readonly LoopbackBot _bot;
    private readonly TempDirectory _data;

    private BotUnderTest(LoopbackBot bot, TempDirectory data)
    {
        _bot = bot;
        _data = data;
        Http = bot.CreateClient();
    }

    public HttpClient Http { get; }

    public LogCapture Logs => _bot.Logs;

    public string DatabasePath => Path.Combine(_data.Path, "advisorbot.db");

    public IServiceProvider Services => _bot.Services;

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

        try
        {
            return new BotUnderTest(await LoopbackBot.StartAsync(values, replacements =>
            {
                // The bot's token requests go to the channel service's https side, whose certificate is the test's own.
                replacements.AddHttpClient(BotAccessTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == channel.Certificate.Thumbprint,
                });
                services?.Invoke(replacements);
            }, time), data);
        }
        catch
        {
            data.Dispose();
            throw;
        }
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
        await _bot.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
