using System.Net;
using System.Text.Json;
using AdvisorBot.CommandLine;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.DirectLine;
using AdvisorBot.Tests.Slack;
using AdvisorBot.Tests.Support;
using AdvisorBot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisorBot.Tests.Turns;

/// <summary>When the conversation engine fails on a message, every channel tells the person that
/// something went wrong (rather than leaving them in silence or answering 500) and logs the failure
/// with the conversation it happened in.</summary>
public class FailingEngineTests
{
    private const string Failure = "the flow store is unreachable (test)";

    /// <summary>The engine's first step for every message; it fails, as a store or index might.</summary>
    private sealed class BrokenFlow : IConversationFlow
    {
        public Task<IReadOnlyList<Reply>?> TryHandleAsync(InboundMessage message, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Failure);
    }

    private static void UseBrokenEngine(IServiceCollection services) => services.AddSingleton<IConversationFlow>(new BrokenFlow());

    private static void AssertLogged(LogCapture logs, string conversationId) =>
        Assert.Contains(logs.Lines, line => line.Level == LogLevel.Error
                                            && line.Text.Contains(conversationId, StringComparison.Ordinal)
                                            && line.Text.Contains(Failure, StringComparison.Ordinal));

    [Fact]
    public async Task Teams_tells_the_person_through_the_connector_and_logs()
    {
        await using var world = await BotFrameworkWorld.StartAsync(services: UseBrokenEngine);
        var conversation = TeamsActivities.NewConversationId();

        var response = await world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, conversation, "Does Flask come with an ORM?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(world.Channel.Delivered, request => request.Type == "message");
        // The message says it in its text (what a notification shows) and in its card.
        Assert.Equal(TurnRunner.FailureText, reply.MessageText);
        Assert.Contains(TurnRunner.FailureText, AdaptiveCardShape.Texts(reply.Card));
        AssertLogged(world.Bot.Logs, conversation);
    }

    [Fact]
    public async Task A_Teams_card_action_gets_a_card_saying_so_in_the_invoke_response_and_logs()
    {
        await using var world = await BotFrameworkWorld.StartAsync(services: UseBrokenEngine);
        var conversation = TeamsActivities.NewConversationId();

        var response = await world.PostAsync(TeamsActivities.Execute(world.Channel.ServiceUrl, conversation, "advisorbot.choice", new { action = "ask:Does Flask come with an ORM?" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(200, body.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Contains(TurnRunner.FailureText, AdaptiveCardShape.Texts(body.RootElement.GetProperty("value")));
        AssertLogged(world.Bot.Logs, conversation);
    }

    [Fact]
    public async Task Slack_tells_the_person_in_the_thread_and_logs()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        await using var host = await SlackTestHost.StartAsync(standIn, services: UseBrokenEngine);
        var ts = SlackPayloads.NewTs();

        var ack = await host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Does Flask come with an ORM?", ts)));
        var reply = await standIn.NextAsync();

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal(SlackCall.PostMessage, reply.Kind);
        Assert.Equal(ts, reply.String("thread_ts"));
        Assert.Contains(TurnRunner.FailureText, reply.Texts);
        AssertLogged(host.Logs, $"{SlackPayloads.Team}:{SlackPayloads.Channel}");
    }

    [Fact]
    public async Task The_desk_chat_tells_the_person_in_the_conversation_and_logs()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path, services: UseBrokenEngine);
        var client = new DirectLineClient(host.Client);
        await client.StartAsync();
        await client.PollAsync();

        await client.SayAsync("Does Alpha have an ORM?");
        var reply = Assert.Single(await client.BotMessagesAsync());

        Assert.Contains(TurnRunner.FailureText, DirectLineClient.Texts(DirectLineClient.Card(reply)));
        AssertLogged(host.Logs, client.ConversationId);
    }

    [Fact]
    public async Task The_terminal_tells_the_person_and_logs_on_standard_error()
    {
        using var data = new TempDirectory();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await Cli.RunAsync(
            ["chat", "--db", Path.Combine(data.Path, "chat.db"), "--conversation", "failing-chat", "--knowledge", RepositoryPaths.Knowledge],
            stdout, stderr, new StringReader("Does Flask come with an ORM?\n"), UseBrokenEngine);

        Assert.Equal(0, code);
        Assert.Contains(TurnRunner.FailureText, stdout.ToString());
        var error = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("failing-chat", error);
        Assert.Contains(Failure, error);
    }
}
