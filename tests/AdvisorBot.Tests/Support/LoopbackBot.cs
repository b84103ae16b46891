using AdvisorBot.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisorBot.Tests.Support;

/// <summary>
/// The one way the tests start the bot: the real executable's entry point (<see cref="Program"/>,
/// <see cref="BotHost"/>) through <see cref="WebApplicationFactory{TEntryPoint}"/> on Kestrel at a
/// free loopback port, so Bot Framework, Slack, Direct Line, desk API and browser tests all talk to
/// it over real HTTP. Settings are configuration keys (they win over appsettings.json and the
/// environment); a test may replace services where it needs a seam (a clock, a failing flow);
/// every log line is kept.
/// </summary>
public sealed class LoopbackBot : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private LoopbackBot(WebApplicationFactory<Program> factory, LogCapture logs)
    {
        _factory = factory;
        Logs = logs;
        BaseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
    }

    /// <summary>Where the bot listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => _factory.Services;

    public LogCapture Logs { get; }

    /// <summary>Starts the bot; throws what start-up throws (a bad setting, a bad knowledge file).</summary>
    public static Task<LoopbackBot> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null,
        TimeProvider? time = null, LogLevel minimumLevel = LogLevel.Information)
    {
        var logs = new LogCapture();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseUrls("http://127.0.0.1:0");
            builder.UseEnvironment("Production");
            // As host settings, so the bot's builder sees them before it registers its services, as it
            // sees environment variables (telemetry decides at registration whether to collect at all).
            foreach (var (key, value) in settings)
            {
                if (value is not null)
                    builder.UseSetting(key, value);
            }
            builder.ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logs);
                logging.SetMinimumLevel(minimumLevel);
            });
            builder.ConfigureTestServices(replacements =>
            {
                if (time is not null)
                    replacements.AddSingleton(time);
                services?.Invoke(replacements);
            });
        });
        factory.UseKestrel();
        try
        {
            factory.StartServer();
        }
        catch
        {
            factory.Dispose();
            throw;
        }
        return Task.FromResult(new LoopbackBot(factory, logs));
    }

    /// <summary>A client of the bot with no credentials.</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null) =>
        new() { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
