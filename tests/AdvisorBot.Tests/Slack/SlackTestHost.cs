using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AdvisorBot.Hosting;
using AdvisorBot.Slack;
using AdvisorBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisorBot.Tests.Slack;

/// <summary>
/// The bot (<see cref="LoopbackBot"/>) configured for Slack and pointed at a <see cref="SlackStandIn"/>,
/// with its own database file; and a client that signs requests the way Slack does.
/// </summary>
public sealed class SlackTestHost : IAsyncDisposable
{
    public const string SigningSecret = "test-signing-secret-0123456789abcdef";
    public const string BotToken = "xoxb-test-1234567890-secret-token";

    private readonly LoopbackBot _bot;
    private readonly TempDirectory _directory;

    private SlackTestHost(LoopbackBot bot, TempDirectory directory)
    {
        _bot = bot;
        _directory = directory;
        Client = bot.CreateClient();
    }

    public HttpClient Client { get; }

    public LogCapture Logs => _bot.Logs;

    public IServiceProvider Services => _bot.Services;

    /// <summary>Starts a host. Settings are configuration keys and values as on the command line;
    /// a null value leaves the key out.</summary>
    public static async Task<SlackTestHost> StartAsync(SlackStandIn? standIn, IDictionary<string, string?>? settings = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var directory = new TempDirectory();
        var values = new Dictionary<string, string?>
        {
            ["Storage:DatabasePath"] = Path.Combine(directory.Path, "advisorbot.db"),
            ["Knowledge:Directory"] = RepositoryPaths.Knowledge,
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:BotToken"] = BotToken,
            ["Slack:ApiBaseUrl"] = standIn?.ApiBaseUrl,
            // Whatever the machine's environment says, the tests decide.
            [SlackOptions.SigningSecretVariable] = "",
            [SlackOptions.BotTokenVariable] = "",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        try
        {
            return new SlackTestHost(await LoopbackBot.StartAsync(values, services, time, LogLevel.Debug), directory);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Posts a body signed as Slack signs it (unless told otherwise).</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType,
        DateTimeOffset? at = null, string? secret = null, string? signature = null, bool withTimestamp = true, bool withSignature = true,
        IDictionary<string, string>? headers = null) =>
        await Client.SendAsync(Signed(path, body, contentType, at, secret, signature, withTimestamp, withSignature, headers));

    /// <summary>A request with a body signed as Slack signs it (unless told otherwise), for any host.</summary>
    public static HttpRequestMessage Signed(string path, string body, string contentType,
        DateTimeOffset? at = null, string? secret = null, string? signature = null, bool withTimestamp = true, bool withSignature = true,
        IDictionary<string, string>? headers = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)),
        };
        if (withTimestamp)
            request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        if (withSignature)
            request.Headers.Add(SlackSignature.SignatureHeader, signature ?? SlackSignature.Compute(secret ?? SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            request.Headers.Add(name, value);
        return request;
    }

    public Task<HttpResponseMessage> PostEventAsync(object envelope, int? retryNum = null) => Client.SendAsync(SignedEvent(envelope, retryNum));

    /// <summary>An Events API delivery, signed; with <paramref name="retryNum"/>, one of Slack's retries of it.</summary>
    public static HttpRequestMessage SignedEvent(object envelope, int? retryNum = null) =>
        Signed(SlackEndpoints.EventsPath, JsonSerializer.Serialize(envelope), "application/json",
            headers: retryNum is null ? null : new Dictionary<string, string>
            {
                [SlackEndpoints.RetryNumHeader] = retryNum.Value.ToString(CultureInfo.InvariantCulture),
                [SlackEndpoints.RetryReasonHeader] = "http_timeout",
            });

    public Task<HttpResponseMessage> PostCommandAsync(IDictionary<string, string> fields) =>
        PostSignedAsync(SlackEndpoints.CommandsPath, SlackPayloads.Form(fields), "application/x-www-form-urlencoded");

    public Task<HttpResponseMessage> PostInteractionAsync(object payload) =>
        PostSignedAsync(SlackEndpoints.InteractionsPath, SlackPayloads.Form(new Dictionary<string, string> { ["payload"] = JsonSerializer.Serialize(payload) }),
            "application/x-www-form-urlencoded");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _bot.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
