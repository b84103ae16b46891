using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisorBot.Tests.DirectLine;
using AdvisorBot.Tests.Slack;
using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.Flow;
using AdvisorBot.Tests.Storage;
using Npgsql;

namespace AdvisorBot.Tests.Replicas;

/// <summary>
/// Several replicas behind one address: three real processes of the bot on one PostgreSQL
/// database, each request sent to whichever replica a load balancer would pick, replicas killed
/// mid-conversation. Nothing a person said is lost or answered twice.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaTests : IClassFixture<ReplicaTests.Cluster>
{
    public sealed class Cluster(PostgresServer server) : IAsyncLifetime
    {
        public ReplicaCluster Replicas { get; } = new(server);

        public Task InitializeAsync() => Replicas.InitializeAsync();

        public Task DisposeAsync() => Replicas.DisposeAsync();
    }

    private readonly ReplicaCluster _cluster;

    public ReplicaTests(Cluster cluster) => _cluster = cluster.Replicas;

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the replicas did not get there in 20 s");
            await Task.Delay(50);
        }
    }

    /// <summary>The queued Slack job under <paramref name="key"/>, as the database has it.</summary>
    private async Task<(string? LeaseOwner, int Attempts, string? Outcome)> JobAsync(string key)
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT lease_owner, attempts, outcome FROM work_items WHERE item_key = @key", connection);
        read.Parameters.AddWithValue("key", key);
        await using var reader = await read.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    [Fact]
    public async Task A_flow_whose_turns_go_to_A_B_and_C_ends_right_though_A_is_killed_midway()
    {
        var scenario = Scenario.All[0];
        var conversation = TeamsActivities.NewConversationId();
        var serviceUrl = _cluster.Connector.ServiceUrl;
        string[] turns = ["/choose-framework", .. scenario.AnswerKeys];
        try
        {
            for (var turn = 0; turn < turns.Length; turn++)
            {
                if (turn == 3)
                    await _cluster.A.KillAsync();
                // Round robin over the replicas that are up, as the Service's endpoints would be.
                var up = _cluster.Replicas.Where(replica => replica.IsRunning).ToList();
                var replica = up[turn % up.Count];
                var response = await _cluster.PostActivityAsync(replica, TeamsActivities.Message(serviceUrl, conversation, turns[turn]));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"turn {turn} on {replica.Name}: {response.StatusCode}\n{_cluster.Logs}");
            }
        }
        finally
        {
            await _cluster.A.StartAgainAsync();
        }

        var replies = _cluster.RepliesTo(conversation);
        Assert.Equal(turns.Length, replies.Count);
        Assert.Contains("Recommendation:", replies[^1].Text);
        Assert.Contains(scenario.Expect, replies[^1].Text, StringComparison.OrdinalIgnoreCase);
        // Each step asked once, in order: no answer lost, none applied twice.
        var steps = replies.Take(turns.Length - 1).Select(reply => reply.Text.Split('\n')[0]).ToList();
        Assert.Equal(steps.Count, steps.Distinct().Count());
    }

    [Fact]
    public async Task A_replica_stopped_as_kubernetes_stops_a_pod_finishes_the_turn_in_flight()
    {
        var conversation = TeamsActivities.NewConversationId();
        var before = _cluster.Connector.ConnectorRequests.Count;
        _cluster.Connector.ConnectorDelay = TimeSpan.FromSeconds(2);
        try
        {
            var turn = _cluster.PostActivityAsync(_cluster.C, TeamsActivities.Message(_cluster.Connector.ServiceUrl, conversation, "Does Flask come with an ORM?"));
            // The answer is on its way to the connector, which takes its time: the turn is in flight.
            await _cluster.Connector.WaitForConnectorRequestsAsync(before + 1);
            var stopping = _cluster.C.StopAsync();

            var response = await turn;
            await stopping;
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}\n{_cluster.C.Log}");
            Assert.Single(_cluster.RepliesTo(conversation));
            Assert.Equal(0, _cluster.C.ExitCode);
        }
        finally
        {
            _cluster.Connector.ConnectorDelay = TimeSpan.Zero;
            await _cluster.C.StartAgainAsync();
        }
    }

    [Fact]
    public async Task A_bot_framework_activity_resent_to_other_replicas_is_answered_once()
    {
        var conversation = TeamsActivities.NewConversationId();
        var activity = TeamsActivities.Message(_cluster.Connector.ServiceUrl, conversation, "Does Flask come with an ORM?");

        // Teams thought the turn timed out and sent it again, twice, each time to another replica.
        var responses = await Task.WhenAll(_cluster.Replicas.Select(replica => _cluster.PostActivityAsync(replica, activity)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Single(_cluster.RepliesTo(conversation));
    }

    [Fact]
    public async Task A_desk_chat_started_on_A_is_polled_on_B_and_carries_on_after_A_restarts()
    {
        var onA = new DirectLineClient(_cluster.A.Client);
        await onA.StartAsync();
        var onB = new DirectLineClient(_cluster.B.Client) { ConversationId = onA.ConversationId, Token = onA.Token };

        Assert.Single(await onB.BotMessagesAsync()); // the welcome, written by A
        await onB.SayAsync("Does Flask come with an ORM?");
        await _cluster.A.KillAsync();
        await _cluster.A.StartAgainAsync();

        // The page polling A again (from its last watermark) and posting there carries on.
        var backOnA = new DirectLineClient(_cluster.A.Client) { ConversationId = onA.ConversationId, Token = onA.Token };
        var whole = await backOnA.PollAsync();
        var messages = whole.Where(activity => activity["type"]!.GetValue<string>() == "message").ToList();
        Assert.Equal(["bot", "user", "bot"], messages.Select(activity => activity["from"]!["role"]!.GetValue<string>()));
        Assert.Contains("ORM", messages[2].ToJsonString());
        await backOnA.SayAsync("/choose-framework");
        var step = Assert.Single(await backOnA.BotMessagesAsync());
        Assert.Contains("Question 1 of 6", step.ToJsonString());

        // Web Chat refreshes its token on whichever replica it reaches; the new one works everywhere.
        using var refresh = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/refresh");
        refresh.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", onA.Token);
        using var refreshed = await _cluster.C.Client.SendAsync(refresh);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var newToken = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var onC = new DirectLineClient(_cluster.A.Client) { ConversationId = onA.ConversationId, Token = newToken };
        var replies = (await onC.PollAsync()).Where(activity => activity["type"]!.GetValue<string>() == "message" && activity["from"]!["role"]!.GetValue<string>() == "bot");
        Assert.Equal(3, replies.Count()); // the welcome, the answer, the flow's first question
    }

    [Fact]
    public async Task A_slack_event_delivered_to_A_and_retried_to_B_and_C_is_answered_once()
    {
        var ts = SlackPayloads.NewTs();
        var envelope = SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Does Flask come with an ORM?", ts));

        // Slack thought A too slow and retried at once on B; then once more, later, on C.
        var first = await Task.WhenAll(ReplicaCluster.PostSlackEventAsync(_cluster.A, envelope), ReplicaCluster.PostSlackEventAsync(_cluster.B, envelope, retryNum: 1));
        await WaitForAsync(() => _cluster.SlackAnswersIn(ts).Count > 0);
        var later = await ReplicaCluster.PostSlackEventAsync(_cluster.C, envelope, retryNum: 2);
        await Task.Delay(TimeSpan.FromSeconds(1)); // time enough for a second answer, were there one

        Assert.All(first.Append(later), response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Single(_cluster.SlackAnswersIn(ts));
    }

    [Fact]
    public async Task A_slack_event_whose_replica_dies_before_answering_is_answered_once_by_another()
    {
        var eventId = SlackPayloads.NewEventId();
        var ts = SlackPayloads.NewTs();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _cluster.Slack.HoldBefore = held;
        BotReplica? dead = null;
        try
        {
            var response = await ReplicaCluster.PostSlackEventAsync(_cluster.A, SlackPayloads.Envelope(eventId, SlackPayloads.Mention("Is Django good for a REST API?", ts)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // A worker has the job, has worked out the answer and is posting it: kill its replica
            // before Slack has it.
            await _cluster.Slack.Held.Task.WaitAsync(TimeSpan.FromSeconds(20));
            var owner = (await JobAsync($"event:{eventId}")).LeaseOwner!;
            dead = _cluster.Replicas.Single(replica => owner.Contains($"/{replica.ProcessId}/", StringComparison.Ordinal));
            await dead.KillAsync();
            // Released only once the stand-in has seen the dead replica's connection close: until
            // then a held call would still go through, as if Slack had it before the kill.
            await _cluster.Slack.Abandoned.Task.WaitAsync(TimeSpan.FromSeconds(20));
            _cluster.Slack.HoldBefore = null;
            held.SetResult();

            await WaitForAsync(() => _cluster.SlackAnswersIn(ts).Count > 0);
            await Task.Delay(TimeSpan.FromSeconds(3)); // past another lease, were the job still around

            var answer = Assert.Single(_cluster.SlackAnswersIn(ts));
            Assert.Contains("REST", answer.Body.GetRawText(), StringComparison.OrdinalIgnoreCase);
            var (_, attempts, outcome) = await JobAsync($"event:{eventId}");
            Assert.Equal((2, "done"), (attempts, outcome));
        }
        finally
        {
            _cluster.Slack.HoldBefore = null;
            held.TrySetResult();
            if (dead is not null)
                await dead.StartAgainAsync();
        }
    }

    [Fact]
    public Task Twenty_turns_of_one_person_at_once_on_three_replicas_lose_and_double_nothing() =>
        TwentyTurnsOfOnePersonAreAnsweredOnceAsync();

    [Fact]
    public async Task A_reply_lost_to_a_failing_token_endpoint_and_connector_is_answered_once_on_the_channels_retry()
    {
        var conversation = TeamsActivities.NewConversationId();
        // The token request drops once (retried); the connector then fails both tries of the reply.
        _cluster.Connector.FailTokenRequest(TokenFault.Disconnect);
        _cluster.Connector.Respond(503);
        _cluster.Connector.Respond(502);

        var statuses = await _cluster.DeliverActivityAsync(0, TeamsActivities.Message(_cluster.Connector.ServiceUrl, conversation, "Does Flask come with an ORM?"));

        // A answered 503; the Bot Connector's retry went to B, which delivered the answer A worked out.
        Assert.True(statuses.SequenceEqual([HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK]), $"{string.Join(", ", statuses)}\n{_cluster.Logs}");
        var reply = Assert.Single(_cluster.RepliesTo(conversation));
        Assert.Contains("ORM", reply.Text);
    }

    [Fact]
    public async Task Twenty_turns_of_one_person_at_once_with_the_token_endpoint_and_the_connector_failing_are_each_answered_once()
    {
        // Spread among the replies of the twenty turns, as they come: dropped and refused token
        // requests, and connector errors, some of which end a reply's two tries (then the channel retries).
        foreach (var fault in new[] { TokenFault.Disconnect, TokenFault.ServiceUnavailable, TokenFault.Disconnect, TokenFault.Disconnect })
            _cluster.Connector.FailTokenRequest(fault);
        foreach (var status in new[] { 503, 503, 500, 502, 503, 503, 504, 503 })
            _cluster.Connector.Respond(status);

        await TwentyTurnsOfOnePersonAreAnsweredOnceAsync();

        Assert.Contains(_cluster.Connector.TokenRequests, request => request.Fault is not null);
        Assert.Contains(_cluster.Connector.ConnectorRequests, request => request.Status >= 500);
    }

    /// <summary>
    /// A flow started, then six answers and fourteen questions of one person all at once, spread
    /// over A, B and C, each delivered as the Bot Connector does (sent again while the answer is a
    /// 5xx): every turn answered, no reply sent twice, each answer applied to its own step, each
    /// question recorded once.
    /// </summary>
    private async Task TwentyTurnsOfOnePersonAreAnsweredOnceAsync()
    {
        var conversation = TeamsActivities.NewConversationId();
        var serviceUrl = _cluster.Connector.ServiceUrl;
        Assert.Equal(HttpStatusCode.OK, (await _cluster.DeliverActivityAsync(0, TeamsActivities.Message(serviceUrl, conversation, "/choose-framework")))[^1]);

        // Six answers (the flow has six steps) and fourteen questions, all at once, spread over A, B and C.
        var activities = Enumerable.Range(0, 20)
            .Select(i => TeamsActivities.Message(serviceUrl, conversation, i % 3 == 0 && i < 18 ? "1" : $"Does Flask come with an ORM? ({i})"))
            .ToList();
        var answers = activities.Where(activity => (string)activity["text"]! == "1").Select(activity => (string)activity["id"]!).ToHashSet();
        Assert.Equal(6, answers.Count);
        var deliveries = await Task.WhenAll(activities.Select((activity, i) => _cluster.DeliverActivityAsync(i % 3, activity)));

        Assert.All(deliveries, statuses => Assert.Equal(HttpStatusCode.OK, statuses[^1]));
        var replies = _cluster.RepliesTo(conversation).Skip(1).ToList();
        var byTurn = replies.GroupBy(reply => reply.Activity.GetProperty("replyToId").GetString()!).ToDictionary(group => group.Key, group => group.ToList());
        // Every turn answered, and no reply sent twice.
        Assert.Equal(activities.Select(activity => (string)activity["id"]!).Order(), byTurn.Keys.Order());
        Assert.All(byTurn.Values, turnReplies => Assert.Equal(turnReplies.Count, turnReplies.Select(reply => reply.Text).Distinct().Count()));
        // The six answers went to six different steps, one after another: five next questions and one recommendation.
        var answerReplies = answers.Select(id => Assert.Single(byTurn[id]).Text.Split('\n')[0]).ToList();
        Assert.Single(answerReplies, text => text.StartsWith("Recommendation:", StringComparison.Ordinal));
        Assert.Equal(6, answerReplies.Distinct().Count());
        Assert.Single(replies, reply => reply.Text.StartsWith("Recommendation:", StringComparison.Ordinal));
        // Each question recorded once.
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*), count(DISTINCT question) FROM answers WHERE conversation_id = @conversation AND question LIKE 'Does Flask%'", connection);
        count.Parameters.AddWithValue("conversation", conversation);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((14L, 14L), (reader.GetInt64(0), reader.GetInt64(1)));
    }
}
