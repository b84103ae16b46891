using System.Net;
using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.Support;
using Microsoft.Extensions.Logging;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>How the bot calls the connector: with its own client-credentials token, fetched once
/// and reused, and with bounded, Retry-After-honouring retries when the connector pushes back.</summary>
public class OutboundTests
{
    private const string Question = "Does Flask come with an ORM?";

    [Fact]
    public async Task The_token_is_requested_once_with_client_credentials_and_reused_for_every_reply()
    {
        await using var world = await BotFrameworkWorld.StartAsync();
        var conversation = TeamsActivities.NewConversationId();

        foreach (var text in new[] { Question, "help", "Is Django good for large-scale apps?" })
            Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, conversation, text))).StatusCode);

        var token = Assert.Single(world.Channel.TokenRequests);
        Assert.Equal("botframework.com", token.Tenant);
        Assert.StartsWith("application/x-www-form-urlencoded", token.ContentType);
        Assert.Equal("client_credentials", token.Form["grant_type"]);
        Assert.Equal(BotUnderTest.AppId, token.Form["client_id"]);
        Assert.Equal(BotUnderTest.AppPassword, token.Form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", token.Form["scope"]);
        Assert.Equal(3, world.Channel.Delivered.Count);
        Assert.All(world.Channel.Delivered, request => Assert.Equal("Bearer " + ChannelService.AccessTokenPrefix + "1", request.Authorization));
        Assert.DoesNotContain(world.Bot.Logs.Lines, line => line.Message.Contains(BotUnderTest.AppPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_single_tenant_bot_asks_its_own_tenant_for_the_token()
    {
        await using var world = await BotFrameworkWorld.StartAsync(new Dictionary<string, string?>
        {
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppTenantId"] = "contoso.onmicrosoft.com",
        });

        await world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question));

        Assert.Equal("contoso.onmicrosoft.com", Assert.Single(world.Channel.TokenRequests).Tenant);
        Assert.Single(world.Channel.Delivered);
    }

    [Fact]
    public async Task A_token_within_five_minutes_of_its_end_is_not_used_again()
    {
        await using var world = await BotFrameworkWorld.StartAsync();
        // MSAL keeps tokens by the real clock; one issued for four minutes is already too close to its end.
        world.Channel.TokenLifetimeSeconds = 240;
        var conversation = TeamsActivities.NewConversationId();

        await world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, conversation, Question));
        await world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, conversation, Question));

        Assert.Equal(2, world.Channel.TokenRequests.Count);
        Assert.Equal("Bearer " + ChannelService.AccessTokenPrefix + "2", world.Channel.Delivered[^1].Authorization);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_the_connector_asked_for()
    {
        var time = new TestTime();
        await using var world = await BotFrameworkWorld.StartAsync(time: time);
        world.Channel.Respond(429, retryAfter: "7");
        var conversation = TeamsActivities.NewConversationId();

        var post = world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, conversation, Question));
        await world.Channel.WaitForConnectorRequestsAsync(1);
        await time.WaitForTimerAsync(wait => wait == TimeSpan.FromSeconds(7)).WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Single(world.Channel.ConnectorRequests);
        time.Advance(TimeSpan.FromSeconds(1));
        var response = await post.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([429, 200], world.Channel.ConnectorRequests.Select(request => request.Status));
        Assert.Equal(world.Channel.ConnectorRequests[0].Activity.ToString(), world.Channel.ConnectorRequests[1].Activity.ToString());
        Assert.Single(world.Channel.TokenRequests);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_growing_back_off()
    {
        var time = new TestTime();
        await using var world = await BotFrameworkWorld.StartAsync(new Dictionary<string, string?> { ["BotFramework:OutboundRetryDelay"] = "00:00:02" }, time);
        world.Channel.Respond(503);
        world.Channel.Respond(502);

        var post = world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question));
        await time.WaitForTimerAsync(wait => wait == TimeSpan.FromSeconds(2)).WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(2));
        await time.WaitForTimerAsync(wait => wait == TimeSpan.FromSeconds(4)).WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(4));
        await post.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([503, 502, 200], world.Channel.ConnectorRequests.Select(request => request.Status));
    }

    [Fact]
    public async Task A_reply_that_keeps_failing_is_given_up_after_the_bounded_attempts_and_logged_with_its_ids()
    {
        await using var world = await BotFrameworkWorld.StartAsync(new Dictionary<string, string?> { ["BotFramework:OutboundMaxAttempts"] = "3" });
        for (var i = 0; i < 5; i++)
            world.Channel.Respond(500);
        var conversation = TeamsActivities.NewConversationId();
        var activity = TeamsActivities.Mention(world.Channel.ServiceUrl, conversation, Question);

        var response = await world.PostAsync(activity);

        // Not delivered: the channel is asked to send the activity again (DeliveryFailureTests).
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, world.Channel.ConnectorRequests.Count);
        // The bot's own error, with the ids (the resilience handler logs its last attempt too, under Polly).
        var error = Assert.Single(world.Bot.Logs.Lines, line => line.Level == LogLevel.Error && line.Category.StartsWith("AdvisorBot", StringComparison.Ordinal));
        Assert.Contains(conversation, error.Message);
        Assert.Contains((string)activity["id"]!, error.Message);
        Assert.Contains(world.Channel.ServiceUrl, error.Message);
        Assert.Contains("HTTP 500", error.Message);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var world = await BotFrameworkWorld.StartAsync();
        world.Channel.Respond(400);

        await world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question));

        Assert.Equal([400], world.Channel.ConnectorRequests.Select(request => request.Status));
        Assert.Single(world.Bot.Logs.Lines, line => line.Level == LogLevel.Error && line.Message.Contains("HTTP 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_and_the_reply_sent_with_the_new_one()
    {
        await using var world = await BotFrameworkWorld.StartAsync();
        world.Channel.Respond(401);

        await world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question));

        Assert.Equal(2, world.Channel.TokenRequests.Count);
        Assert.Equal([401, 200], world.Channel.ConnectorRequests.Select(request => request.Status));
        Assert.Equal("Bearer " + ChannelService.AccessTokenPrefix + "2", world.Channel.ConnectorRequests[1].Authorization);
    }
}
