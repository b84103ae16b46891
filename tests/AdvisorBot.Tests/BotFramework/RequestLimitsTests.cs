using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AdvisorBot.Tests.BotFramework.Support;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>What /api/messages refuses before doing any work: oversized and malformed bodies,
/// activities missing what a reply needs, and conversations that send too much.</summary>
public class RequestLimitsTests(RequestLimitsTests.Fixture fixture) : IClassFixture<RequestLimitsTests.Fixture>
{
    public const int PermitLimit = 3;

    public sealed class Fixture : IAsyncLifetime
    {
        public BotFrameworkWorld World { get; private set; } = null!;

        public async Task InitializeAsync() => World = await BotFrameworkWorld.StartAsync(new Dictionary<string, string?>
        {
            ["BotFramework:ConversationPermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Long enough that the window never rolls over while a test runs.
            ["BotFramework:ConversationWindow"] = "01:00:00",
        });

        public async Task DisposeAsync() => await World.DisposeAsync();
    }

    private BotFrameworkWorld World => fixture.World;

    private HttpRequestMessage Post(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", World.SignedChannelToken());
        return request;
    }

    private static string OversizedActivity() =>
        $$"""{"type":"message","text":"{{new string('a', 300 * 1024)}}"}""";

    [Fact]
    public async Task A_body_declared_over_256_KB_gets_413()
    {
        var response = await World.Bot.Http.SendAsync(Post(new StringContent(OversizedActivity(), Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_chunked_body_over_256_KB_gets_413_though_it_declares_no_length()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(OversizedActivity())));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = Post(content);
        request.Headers.TransferEncodingChunked = true;

        var response = await World.Bot.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"type\":\"message\",")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\":\"message\",\"text\":42}")]
    [InlineData("{\"text\":\"no type\"}")]
    public async Task Malformed_JSON_gets_400(string body)
    {
        var response = await World.Bot.Http.SendAsync(Post(new StringContent(body, Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("conversation")]
    [InlineData("from")]
    public async Task A_message_without_what_a_reply_needs_gets_400(string missing)
    {
        var activity = TeamsActivities.Mention(World.Channel.ServiceUrl, TeamsActivities.NewConversationId(), "help");
        activity.Remove(missing);
        var token = TestTokens.Signed(World.ChannelKey, World.ChannelToken());

        var response = await World.Bot.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("submit", "flow:dance", "flow:answer:STEP:OPTION")]
    [InlineData("submit", "feedback:maybe:3f2a9c0b1d4e5f60", "feedback:helpful:ANSWER")]
    [InlineData("execute", "flow:answer:building", "flow:answer:STEP:OPTION")]
    [InlineData("execute", "x:long", "ask:QUESTION")]
    public async Task A_button_value_that_is_not_one_of_the_bots_actions_gets_400_saying_what_it_must_be(string click, string value, string said)
    {
        var conversation = TeamsActivities.NewConversationId();
        var activity = click == "submit"
            ? TeamsActivities.Submit(World.Channel.ServiceUrl, conversation, new { action = value })
            : TeamsActivities.Execute(World.Channel.ServiceUrl, conversation, "advisorbot.choice", new { action = value });

        var response = await World.Bot.PostAsync(activity, World.SignedChannelToken());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(said, await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(World.Channel.ConnectorRequests, request => request.RawTarget.Contains(Uri.EscapeDataString(conversation)));
    }

    [Fact]
    public async Task A_message_without_a_channel_id_is_refused_because_the_key_is_endorsed_only_for_named_channels()
    {
        var activity = TeamsActivities.Mention(World.Channel.ServiceUrl, TeamsActivities.NewConversationId(), "help");
        activity.Remove("channelId");

        var response = await World.Bot.PostAsync(activity, World.SignedChannelToken());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("messageReaction")]
    [InlineData("installationUpdate")]
    [InlineData("somethingNew")]
    public async Task An_activity_type_the_bot_does_not_handle_gets_200_and_is_ignored(string type)
    {
        var conversation = TeamsActivities.NewConversationId();
        var activity = TeamsActivities.Message(World.Channel.ServiceUrl, conversation, "help");
        activity["type"] = type;

        var response = await World.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(World.Channel.ConnectorRequests, request => request.RawTarget.Contains(Uri.EscapeDataString(conversation)));
    }

    [Fact]
    public async Task A_conversation_over_its_rate_gets_429_while_another_conversation_is_still_served()
    {
        var busy = TeamsActivities.NewConversationId();
        for (var i = 0; i < PermitLimit; i++)
            Assert.Equal(HttpStatusCode.OK, (await World.PostAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, busy, "help"))).StatusCode);

        var limited = await World.PostAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, busy, "help"));
        var other = await World.PostAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, TeamsActivities.NewConversationId(), "help"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(PermitLimit, World.Channel.ConnectorRequests.Count(request => request.RawTarget.Contains(Uri.EscapeDataString(busy))));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Refused_tokens_do_not_use_up_a_conversations_rate()
    {
        var conversation = TeamsActivities.NewConversationId();
        for (var i = 0; i < PermitLimit + 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await World.Bot.PostAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, "help"), "forged.token.value")).StatusCode);

        var response = await World.PostAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, "help"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
