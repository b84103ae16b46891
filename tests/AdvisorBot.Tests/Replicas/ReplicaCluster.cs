using System.Net;
using System.Net.Http.Json;
using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.Slack;
using AdvisorBot.Tests.Storage;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Replicas;

/// <summary>
/// Three replicas of the bot (A, B, C), separate processes sharing one PostgreSQL database, with
/// the channels' far sides on loopback: the Bot Framework's login endpoint, token keys and the
/// connector the replies go to (the replicas run as a registered bot: every activity carries a
/// channel token, every reply needs the bot's own token), and Slack. Started once for the replica
/// tests; a test that kills a replica starts it again before it ends.
/// </summary>
public sealed class ReplicaCluster : IAsyncLifetime
{
    private readonly PostgresServer _server;
    private string _trustedRoot = "";

    public ReplicaCluster(PostgresServer server) => _server = server;

    public ChannelService Connector { get; private set; } = null!;

    public SlackStandIn Slack { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public IReadOnlyList<BotReplica> Replicas { get; private set; } = [];

    public BotReplica A => Replicas[0];

    public BotReplica B => Replicas[1];

    public BotReplica C => Replicas[2];

    public async Task InitializeAsync()
    {
        ConnectionString = await _server.CreateDatabaseAsync();
        Connector = await ChannelService.StartAsync();
        Connector.ChannelKeys.Add(new TestSigningKey("replica-channel-key", "msteams"));
        // Tokens this close to their end are not used again (MSAL): every reply asks the login
        // endpoint anew, so a test can fail token requests whenever it likes.
        Connector.TokenLifetimeSeconds = 240;
        // The replicas trust the login endpoint's certificate as the only root: it is all they call over https.
        _trustedRoot = Path.Combine(Path.GetTempPath(), $"advisorbot-replica-root-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(_trustedRoot, Connector.Certificate.ExportCertificatePem());
        Slack = await SlackStandIn.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["MicrosoftAppId"] = BotUnderTest.AppId,
            ["MicrosoftAppPassword"] = BotUnderTest.AppPassword,
            ["ToBotFromChannelOpenIdMetadataUrl"] = Connector.ChannelMetadataUrl,
            ["ToBotFromEmulatorOpenIdMetadataUrl"] = Connector.EmulatorMetadataUrl,
            ["ToChannelFromBotLoginUrl"] = Connector.LoginUrl,
            ["SSL_CERT_FILE"] = _trustedRoot,
            // Two tries per outbound call, so a test can make a reply fail for good with two errors.
            ["BotFramework__OutboundMaxAttempts"] = "2",
            ["BotFramework__OutboundRetryDelay"] = "00:00:00.05",
            ["Storage__Provider"] = "PostgreSql",
            ["ConnectionStrings__AdvisorBot"] = ConnectionString,
            ["Knowledge__Directory"] = RepositoryPaths.Knowledge,
            ["Knowledge__WatchForChanges"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_SHUTDOWNTIMEOUTSECONDS"] = "30",
            ["Slack__SigningSecret"] = SlackTestHost.SigningSecret,
            ["Slack__BotToken"] = SlackTestHost.BotToken,
            ["Slack__ApiBaseUrl"] = Slack.ApiBaseUrl,
            // Short, so a job whose replica died is taken over within the test's patience.
            ["Slack__WorkLease"] = "00:00:02",
        };
        // Started together, as a rollout does: the schema is migrated once among them.
        var starting = new[] { "A", "B", "C" }.Select(name => BotReplica.StartAsync(name, environment)).ToList();
        try
        {
            Replicas = await Task.WhenAll(starting);
        }
        catch
        {
            // One that failed to start must not leave the others running once the tests are over.
            foreach (var started in starting.Where(task => task.IsCompletedSuccessfully))
                await started.Result.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in Replicas)
            await replica.DisposeAsync();
        await Connector.DisposeAsync();
        await Slack.DisposeAsync();
        File.Delete(_trustedRoot);
    }

    /// <summary>Posts a Bot Framework activity to a replica's <c>/api/messages</c> with a channel token, as the Bot Connector does.</summary>
    public async Task<HttpResponseMessage> PostActivityAsync(BotReplica replica, object activity)
    {
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Signed(Connector.ChannelKeys[0], new TokenSpec
        {
            Issuer = BotFrameworkWorld.ChannelIssuer,
            Audience = BotUnderTest.AppId,
            ServiceUrl = Connector.ServiceUrl,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await replica.Client.SendAsync(request);
    }

    /// <summary>
    /// Delivers an activity as the Bot Connector does: to <paramref name="first"/>, and while the
    /// answer is a 5xx, the same activity again to the next replica (a load balancer's pick), up to
    /// eight times. Returns the statuses, in order.
    /// </summary>
    public async Task<IReadOnlyList<HttpStatusCode>> DeliverActivityAsync(int first, object activity)
    {
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 8; attempt++)
        {
            using var response = await PostActivityAsync(Replicas[(first + attempt) % Replicas.Count], activity);
            statuses.Add(response.StatusCode);
            if ((int)response.StatusCode < 500)
                break;
        }
        return statuses;
    }

    /// <summary>Posts a Slack Events API delivery (or, with <paramref name="retryNum"/>, Slack's retry of it) to a replica.</summary>
    public static async Task<HttpResponseMessage> PostSlackEventAsync(BotReplica replica, object envelope, int? retryNum = null) =>
        await replica.Client.SendAsync(SlackTestHost.SignedEvent(envelope, retryNum));

    /// <summary>The messages the replicas posted to Slack in the thread of <paramref name="threadTs"/>.</summary>
    public IReadOnlyList<SlackCall> SlackAnswersIn(string threadTs) =>
        Slack.All.Where(call => call.Kind == SlackCall.PostMessage && call.String("thread_ts") == threadTs).ToList();

    /// <summary>Every message delivered to one conversation (typing left out), in the order the connector received them.</summary>
    public IReadOnlyList<ConnectorRequest> RepliesTo(string conversationId) =>
        Connector.Delivered.Where(request => request.Type == "message" && request.RawTarget.Contains(Uri.EscapeDataString(conversationId), StringComparison.Ordinal)).ToList();

    public string Logs => string.Join('\n', Replicas.Select(replica => replica.Log));
}
