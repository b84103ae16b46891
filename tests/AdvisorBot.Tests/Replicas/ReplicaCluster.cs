using System.Net.Http.Json;
using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.Slack;
using AdvisorBot.Tests.Storage;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Replicas;

/// <summary>
/// Three replicas of the bot (A, B, C), separate processes sharing one PostgreSQL database, with
/// the channels' far sides on loopback: the Bot Framework connector the replies go to. Started once
/// for the replica tests; a test that kills a replica starts it again before it ends.
/// </summary>
public sealed class ReplicaCluster : IAsyncLifetime
{
    private readonly PostgresServer _server;

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
        Slack = await SlackStandIn.StartAsync();
        var environment = new Dictionary<string, string>
        {
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
        Replicas = await Task.WhenAll(new[] { "A", "B", "C" }.Select(name => BotReplica.StartAsync(name, environment)));
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in Replicas)
            await replica.DisposeAsync();
        await Connector.DisposeAsync();
        await Slack.DisposeAsync();
    }

    /// <summary>Posts a Bot Framework activity to a replica's <c>/api/messages</c> (anonymous mode).</summary>
    public static async Task<HttpResponseMessage> PostActivityAsync(BotReplica replica, object activity) =>
        await replica.Client.PostAsJsonAsync("api/messages", activity);

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
