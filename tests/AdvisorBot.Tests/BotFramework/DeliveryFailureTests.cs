using System.Net;
using AdvisorBot.Tests.BotFramework.Support;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>
/// No answer lost, none given twice, when the channel's far side fails: a token request that fails
/// is retried like a connector call; a reply that cannot be delivered at all gets the channel's
/// request a 503, and the channel's retry of the same activity is answered, once, with the reply
/// worked out the first time (the turn is not run again).
/// </summary>
public class DeliveryFailureTests
{
    private const string Question = "Does Flask come with an ORM?";

    /// <summary>Two tries per call, so a test can fail a reply for good with two connector errors.</summary>
    private static readonly Dictionary<string, string?> TwoAttempts = new() { ["BotFramework:OutboundMaxAttempts"] = "2" };

    [Fact]
    public async Task A_token_request_that_fails_is_retried_and_the_reply_delivered()
    {
        await using var world = await BotFrameworkWorld.StartAsync();
        world.Channel.FailTokenRequest(TokenFault.Disconnect);
        world.Channel.FailTokenRequest(TokenFault.ServiceUnavailable);

        var response = await world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TokenFault.Disconnect, TokenFault.ServiceUnavailable, null], world.Channel.TokenRequests.Select(request => request.Fault));
        var reply = Assert.Single(world.Channel.Delivered);
        Assert.Equal("Bearer " + ChannelService.AccessTokenPrefix + "3", reply.Authorization);
    }

    [Fact]
    public async Task A_reply_that_cannot_be_delivered_gets_503_and_the_channels_retry_is_answered_once()
    {
        await using var world = await BotFrameworkWorld.StartAsync(TwoAttempts);
        world.Channel.Respond(503);
        world.Channel.Respond(502);
        var activity = TeamsActivities.Mention(world.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question);

        var first = await world.PostAsync(activity);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Empty(world.Channel.Delivered);

        // The Bot Connector sends the same activity again; then once more, as if the answer to the retry was lost.
        var retry = await world.PostAsync(activity);
        var again = await world.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var reply = Assert.Single(world.Channel.Delivered);
        Assert.Contains("ORM", reply.Text);
        Assert.Equal((string)activity["id"]!, reply.Activity.GetProperty("replyToId").GetString());
        // The question was worked out once: the retry delivered the answer, it did not ask again.
        Assert.Equal(1, world.Bot.RecordedQuestions());
    }

    [Fact]
    public async Task A_flow_answer_whose_reply_was_lost_is_not_applied_again_when_the_channel_retries()
    {
        await using var world = await BotFrameworkWorld.StartAsync(TwoAttempts);
        var conversation = TeamsActivities.NewConversationId();
        Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(TeamsActivities.Message(world.Channel.ServiceUrl, conversation, "/choose-framework"))).StatusCode);
        var firstStep = world.Channel.Delivered[^1].Text;
        world.Channel.Respond(500);
        world.Channel.Respond(500);
        var answer = TeamsActivities.Message(world.Channel.ServiceUrl, conversation, "1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await world.PostAsync(answer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(answer)).StatusCode);

        var replies = world.Channel.Delivered;
        Assert.Equal(2, replies.Count);
        Assert.Contains("Question 1 of 6", firstStep);
        // The answer moved the flow on by one step, not two.
        Assert.Contains("Question 2 of 6", replies[1].Text);
    }

    [Fact]
    public async Task An_undelivered_turn_is_counted_as_failed_in_the_turns_metric()
    {
        await using var world = await BotFrameworkWorld.StartAsync(new Dictionary<string, string?>(TwoAttempts) { ["Telemetry:Prometheus"] = "true" });
        world.Channel.Respond(503);
        world.Channel.Respond(503);

        var response = await world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question));
        var metrics = await world.Bot.Http.GetStringAsync("metrics");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Matches("""advisorbot_turns_total\{(?=[^}]*advisorbot_channel="msteams")(?=[^}]*advisorbot_outcome="failed")(?=[^}]*advisorbot_failure="delivery")[^}]*\} [1-9]""", metrics);
    }
}
