using System.Net;
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
                var response = await ReplicaCluster.PostActivityAsync(replica, TeamsActivities.Message(serviceUrl, conversation, turns[turn]));
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
    public async Task Twenty_turns_of_one_person_at_once_on_three_replicas_lose_and_double_nothing()
    {
        var conversation = TeamsActivities.NewConversationId();
        var serviceUrl = _cluster.Connector.ServiceUrl;
        Assert.Equal(HttpStatusCode.OK, (await ReplicaCluster.PostActivityAsync(_cluster.A, TeamsActivities.Message(serviceUrl, conversation, "/choose-framework"))).StatusCode);

        // Six answers (the flow has six steps) and fourteen questions, all at once, spread over A, B and C.
        var activities = Enumerable.Range(0, 20)
            .Select(i => TeamsActivities.Message(serviceUrl, conversation, i % 3 == 0 && i < 18 ? "1" : $"Does Flask come with an ORM? ({i})"))
            .ToList();
        var answers = activities.Where(activity => (string)activity["text"]! == "1").Select(activity => (string)activity["id"]!).ToHashSet();
        Assert.Equal(6, answers.Count);
        var responses = await Task.WhenAll(activities.Select((activity, i) => ReplicaCluster.PostActivityAsync(_cluster.Replicas[i % 3], activity)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
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
