using System.Net.Http.Headers;
using AdvisorBot.Desk;
using AdvisorBot.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisorBot.Tests.Support;

/// <summary>
/// The real host (<see cref="BotHost.Build"/>) on Kestrel at a free loopback port, with its own
/// knowledge folder, its own SQLite file and the desk API key set; stopped and cleaned up on dispose.
/// </summary>
public sealed class DeskTestHost : IAsyncDisposable
{
    public const string ApiKey = "test-desk-api-key-0123456789";

    private readonly TempDirectory _data;

    private DeskTestHost(WebApplication app, TempDirectory data, Uri baseAddress)
    {
        App = app;
        _data = data;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        ApiClient = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        ApiClient.DefaultRequestHeaders.Add(DeskApiKeyFilter.HeaderName, ApiKey);
        ApiClient.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client without credentials.</summary>
    public HttpClient Client { get; }

    /// <summary>A client sending the desk API key.</summary>
    public HttpClient ApiClient { get; }

    public string DatabasePath => Path.Combine(_data.Path, "advisorbot.db");

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>
    /// Starts the host on <paramref name="knowledgeDirectory"/>. <paramref name="settings"/> add to
    /// or override the defaults (a null value removes a default, e.g. <c>Desk:ApiKey</c>).
    /// </summary>
    public static async Task<DeskTestHost> StartAsync(string knowledgeDirectory, IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var data = new TempDirectory();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Knowledge:Directory"] = knowledgeDirectory,
            ["Knowledge:WatchForChanges"] = "false",
            ["Storage:DatabasePath"] = Path.Combine(data.Path, "advisorbot.db"),
            ["Desk:ApiKey"] = ApiKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var args = new List<string> { "--urls", "http://127.0.0.1:0" };
        args.AddRange(values.Where(pair => pair.Value is not null).Select(pair => $"--{pair.Key}={pair.Value}"));

        WebApplication? app = null;
        try
        {
            app = BotHost.Build([.. args], configure);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new DeskTestHost(app, data, new Uri(address));
        }
        catch
        {
            if (app is not null)
                await app.DisposeAsync();
            data.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        ApiClient.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
