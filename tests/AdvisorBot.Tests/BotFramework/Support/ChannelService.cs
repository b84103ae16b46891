using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.BotFramework.Support;

/// <summary>
/// The Bot Framework's side of the wire, on loopback, for the bot to talk to: the channel
/// authority's OpenID metadata and keys (the test's RSA keys), the Emulator authority's, the
/// login endpoint that hands out the bot's tokens, and the connector that receives the bot's
/// activities. It records everything the bot sends and can be told to answer 429 or 5xx.
/// </summary>
public sealed class ChannelService : IAsyncDisposable
{
    public const string AccessTokenPrefix = "issued-token-";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorRequest> _connectorRequests = new();
    private readonly ConcurrentQueue<TokenRequest> _tokenRequests = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _scriptedResponses = new();
    private readonly ConcurrentQueue<TokenFault> _tokenFaults = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private int _channelKeyFetches;
    private int _emulatorKeyFetches;

    private ChannelService(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The https side (the login endpoint: MSAL asks for tokens over https only).</summary>
    public string HttpsBaseUrl { get; private set; } = "";

    /// <summary>The self-signed certificate of the https side, which the bot under test is told to trust.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The serviceUrl activities carry: where the bot sends replies.</summary>
    public string ServiceUrl => BaseUrl + "/connector";

    public string ChannelMetadataUrl => BaseUrl + "/channel/.well-known/openidconfiguration";

    public string EmulatorMetadataUrl => BaseUrl + "/emulator/.well-known/openid-configuration";

    public string LoginUrl => HttpsBaseUrl + "/botframework.com";

    /// <summary>The keys the channel authority publishes now (a test may roll them).</summary>
    public List<TestSigningKey> ChannelKeys { get; } = [];

    public List<TestSigningKey> EmulatorKeys { get; } = [];

    public int ChannelKeyFetches => Volatile.Read(ref _channelKeyFetches);

    public int EmulatorKeyFetches => Volatile.Read(ref _emulatorKeyFetches);

    public IReadOnlyList<ConnectorRequest> ConnectorRequests => _connectorRequests.ToList();

    /// <summary>Only the requests the connector accepted (2xx): what the user saw.</summary>
    public IReadOnlyList<ConnectorRequest> Delivered => _connectorRequests.Where(request => request.Status < 300).ToList();

    public IReadOnlyList<TokenRequest> TokenRequests => _tokenRequests.ToList();

    /// <summary>How long the connector takes to accept each activity, once recorded (a slow channel).</summary>
    public TimeSpan ConnectorDelay { get; set; }

    /// <summary>Lifetime of the tokens the login endpoint issues.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    public static async Task<ChannelService> StartAsync()
    {
        var certificate = SelfSignedLoopbackCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var service = new ChannelService(app, certificate);
        service.Map(app);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        service.BaseUrl = addresses.First(address => address.StartsWith("http://", StringComparison.Ordinal));
        service.HttpsBaseUrl = addresses.First(address => address.StartsWith("https://", StringComparison.Ordinal));
        return service;
    }

    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        // Its own authority, so that a process of its own (a replica) can trust it as a root (SSL_CERT_FILE).
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }

    /// <summary>The next token requests fail so (then tokens are issued again).</summary>
    public void FailTokenRequest(TokenFault fault) => _tokenFaults.Enqueue(fault);

    /// <summary>The next replies sent through the connector get these statuses (then 200 again).
    /// Typing indicators are not replies: they always get 200, whether or not a slow machine makes
    /// the bot show one before its answer, so a test's scripted failures reach the answer it means.</summary>
    public void Respond(int status, string? retryAfter = null) => _scriptedResponses.Enqueue((status, retryAfter));

    /// <summary>Completes when the connector has received at least <paramref name="count"/> requests.</summary>
    public Task WaitForConnectorRequestsAsync(int count)
    {
        lock (_waiters)
        {
            if (_connectorRequests.Count >= count)
                return Task.CompletedTask;
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/channel/.well-known/openidconfiguration", () => Results.Json(new
        {
            issuer = "https://api.botframework.com",
            authorization_endpoint = "https://invalid.botframework.com",
            jwks_uri = BaseUrl + "/channel/keys",
            id_token_signing_alg_values_supported = new[] { "RS256" },
            token_endpoint_auth_methods_supported = new[] { "private_key_jwt" },
        }));
        app.MapGet("/channel/keys", () =>
        {
            Interlocked.Increment(ref _channelKeyFetches);
            return Results.Json(new { keys = ChannelKeys.Select(key => key.Jwk()).ToList() });
        });
        app.MapGet("/emulator/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer = "https://login.microsoftonline.com/{tenantid}/v2.0",
            jwks_uri = BaseUrl + "/emulator/keys",
        }));
        app.MapGet("/emulator/keys", () =>
        {
            Interlocked.Increment(ref _emulatorKeyFetches);
            return Results.Json(new { keys = EmulatorKeys.Select(key => key.Jwk()).ToList() });
        });
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpContext context) =>
        {
            var request = context.Request;
            var form = await request.ReadFormAsync();
            var number = _tokenRequests.Count + 1;
            var fault = _tokenFaults.TryDequeue(out var next) ? next : (TokenFault?)null;
            _tokenRequests.Enqueue(new TokenRequest(tenant, request.ContentType ?? "", form.ToDictionary(field => field.Key, field => field.Value.ToString())) { Fault = fault });
            switch (fault)
            {
                case TokenFault.Disconnect:
                    // The connection drops before any answer: "The response ended prematurely".
                    context.Abort();
                    return Results.Empty;
                case TokenFault.ServiceUnavailable:
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            return Results.Json(new { token_type = "Bearer", expires_in = TokenLifetimeSeconds, ext_expires_in = TokenLifetimeSeconds, access_token = AccessTokenPrefix + number });
        });
        app.Map("/connector/v3/conversations/{**rest}", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var typing = body.RootElement.TryGetProperty("type", out var type) && type.GetString() == "typing";
            (int Status, string? RetryAfter) scripted = default;
            var status = !typing && _scriptedResponses.TryDequeue(out scripted) ? scripted.Status : StatusCodes.Status200OK;
            if (scripted.RetryAfter is not null)
                context.Response.Headers.RetryAfter = scripted.RetryAfter;
            var id = status < 300 ? "sent-" + Guid.NewGuid().ToString("N")[..8] : null;
            Record(new ConnectorRequest(
                context.Request.Method,
                context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                context.Request.Headers.Authorization.ToString(),
                body.RootElement.Clone(),
                status)
            {
                SentId = id,
            });
            if (ConnectorDelay > TimeSpan.Zero)
                await Task.Delay(ConnectorDelay);
            return id is not null ? Results.Json(new { id }, statusCode: status) : Results.StatusCode(status);
        });
    }

    private void Record(ConnectorRequest request)
    {
        _connectorRequests.Enqueue(request);
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(waiter => _connectorRequests.Count >= waiter.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var key in ChannelKeys.Concat(EmulatorKeys))
            key.Dispose();
        Certificate.Dispose();
    }
}

/// <summary>One call the bot made to the connector, as it arrived.</summary>
public sealed record ConnectorRequest(string Method, string RawTarget, string Authorization, JsonElement Activity, int Status)
{
    /// <summary>The id the connector gave the activity it accepted (what Teams' feedback later names as replyToId).</summary>
    public string? SentId { get; init; }

    public string Type => Activity.GetProperty("type").GetString()!;

    public JsonElement Card => Activity.GetProperty("attachments")[0].GetProperty("content");

    /// <summary>What the message shows: its text, if it has one, then every TextBlock of its card in
    /// order (in Teams the card alone carries most replies; an answer's text names its citations),
    /// as a Markdown renderer shows them.</summary>
    public string Text => MarkdownShown.Of(string.Join("\n", TextBlocks().Prepend(MessageText).OfType<string>()));

    /// <summary>The message's own text property, null when it has none.</summary>
    public string? MessageText => Activity.TryGetProperty("text", out var text) ? text.GetString() : null;

    private IEnumerable<string> TextBlocks()
    {
        if (!Activity.TryGetProperty("attachments", out var attachments))
            return [];
        return attachments.EnumerateArray().SelectMany(attachment => Blocks(attachment.GetProperty("content")));

        static IEnumerable<string> Blocks(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object when element.TryGetProperty("type", out var type) && type.GetString() == "TextBlock" => [element.GetProperty("text").GetString()!],
            JsonValueKind.Object => element.EnumerateObject().Where(property => property.Name is "body" or "items" or "columns").SelectMany(property => Blocks(property.Value)),
            JsonValueKind.Array => element.EnumerateArray().SelectMany(Blocks),
            _ => [],
        };
    }
}

public sealed record TokenRequest(string Tenant, string ContentType, IReadOnlyDictionary<string, string> Form)
{
    /// <summary>How the login endpoint failed this request on purpose; null when it issued a token.</summary>
    public TokenFault? Fault { get; init; }
}

/// <summary>How the login endpoint fails a token request, when a test asks it to.</summary>
public enum TokenFault
{
    /// <summary>The connection is dropped without an answer.</summary>
    Disconnect,

    /// <summary>503 Service Unavailable.</summary>
    ServiceUnavailable,
}
