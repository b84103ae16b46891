using System.Net.Http.Headers;
using AdvisorBot.Desk;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisorBot.Tests.Support;

/// <summary>
/// The bot (<see cref="LoopbackBot"/>) with its own knowledge folder, its own SQLite file and the
/// desk API key set, and clients for the page and the API; stopped and cleaned up on dispose.
/// </summary>
public sealed class DeskTestHost : IAsyncDisposable
{
    public const string ApiKey = "test-desk-api-key-0123456789";

    private readonly LoopbackBot _bot;
    private readonly TempDirectory _data;

    private DeskTestHost(LoopbackBot bot, TempDirectory data)
    {
        _bot = bot;
        _data = data;
        BaseAddress = bot.BaseAddress;
        Client = bot.CreateClient();
        ApiClient = bot.CreateClient();
        ApiClient.DefaultRequestHeaders.Add(DeskApiKeyFilter.HeaderName, ApiKey);
        ApiClient.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public Uri BaseAddress { get; }

    /// <summary>A client without credentials.</summary>
    public HttpClient Client { get; }

    /// <summary>A client sending the desk API key.</summary>
    public HttpClient ApiClient { get; }

    public LogCapture Logs => _bot.Logs;

    public string DatabasePath => Path.Combine(_data.Path, "advisorbot.db");

    public T Service<T>() where T : notnull => _bot.Services.GetRequiredService<T>();

    /// <summary>
    /// Starts the host on <paramref name="knowledgeDirectory"/>. <paramref name="settings"/> add to
    /// or override the defaults (a null value removes a default, e.g. <c>Desk:ApiKey</c>).
    /// </summary>
    public static async Task<DeskTestHost> StartAsync(string knowledgeDirectory, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var data = new TempDirectory();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Knowledge:Directory"] = knowledgeDirectory,
            ["Knowledge:WatchForChanges"] = "false",
            ["Storage:DatabasePath"] = Path.Combine(data.Path, "advisorbot.db"),
            ["Desk:ApiKey"] = ApiKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        try
        {
            return new DeskTestHost(await LoopbackBot.StartAsync(values, services, minimumLevel: LogLevel.Warning), data);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        ApiClient.Dispose();
        await _bot.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
