using System.Net;
using System.Text.Json;
using AdvisorBot.Slack;

namespace AdvisorBot.Tests.Slack;

/// <summary>Questions from mentions and DMs, answered once, in their thread, with quoted passages
/// and their sources; everything else the Events API sends is acknowledged and left alone.</summary>
public class SlackEventsTests : IAsyncLifetime
{
    private SlackStandIn _standIn = null!;
    private SlackTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _standIn = await SlackStandIn.StartAsync();
        _host = await SlackTestHost.StartAsync(_standIn);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _standIn.DisposeAsync();
    }

    [Fact]
    public async Task Url_verification_is_answered_with_the_challenge()
    {
        var body = JsonSerializer.Serialize(new { token = "unused", challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type = "url_verification" });

        var response = await _host.PostSignedAsync(SlackEndpoints.EventsPath, body, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", answer.RootElement.GetProperty("challenge").GetString());
    }

    [Fact]
    public async Task A_mention_is_answered_in_its_thread_with_the_quoted_passage_its_source_and_buttons()
    {
        var ts = SlackPayloads.NewTs();

        var ack = await _host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Does Flask come with an ORM?", ts)));
        var answer = await _standIn.NextAsync();

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal(SlackCall.PostMessage, answer.Kind);
        Assert.Equal($"Bearer {SlackTestHost.BotToken}", answer.Authorization);
        Assert.Equal(SlackPayloads.Channel, answer.String("channel"));
        Assert.Equal(ts, answer.String("thread_ts"));
        Assert.False(string.IsNullOrWhiteSpace(answer.String("text")));
        Assert.InRange(answer.String("text")!.Length, 1, 4000);
        var quote = answer.Texts.First(text => text.Contains("\n> ", StringComparison.Ordinal));
        Assert.Contains("ORM", quote, StringComparison.OrdinalIgnoreCase);
        // The articles once, under the passages, as links where their URLs are known.
        var sources = Assert.Single(answer.Blocks, block => block.GetProperty("type").GetString() == "context"
            && block.GetProperty("elements")[0].GetProperty("text").GetString()!.StartsWith("Sources:\n• ", StringComparison.Ordinal));
        Assert.Matches("<https://[^|>]+\\|[^>]+>", sources.GetProperty("elements")[0].GetProperty("text").GetString());
        Assert.Equal(["More like this"], answer.Buttons.Select(button => button.Label));
        // Slack's own thumbs up and down, carrying the values every channel's feedback uses.
        var feedback = answer.FeedbackButtons;
        Assert.Equal(["Helpful", "Not helpful"], feedback.Select(button => button.Label));
        Assert.StartsWith("feedback:helpful:", feedback[0].Value);
        Assert.StartsWith("feedback:unhelpful:", feedback[1].Value);
        var block = Assert.Single(answer.Blocks, block => block.GetProperty("type").GetString() == "context_actions");
        Assert.InRange(block.GetProperty("elements").GetArrayLength(), 1, 5);
    }

    [Fact]
    public async Task A_mention_inside_a_thread_is_answered_in_that_thread()
    {
        var root = SlackPayloads.NewTs();

        await _host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Is Django good for large projects?", SlackPayloads.NewTs(), threadTs: root)));
        var answer = await _standIn.NextAsync();

        Assert.Equal(root, answer.String("thread_ts"));
    }

    [Fact]
    public async Task A_direct_message_is_answered_in_the_DM()
    {
        var ts = SlackPayloads.NewTs();

        await _host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.DirectMessage("Which framework has a built-in admin panel?", ts)));
        var answer = await _standIn.NextAnswerAsync();

        Assert.Equal(SlackPayloads.DirectChannel, answer.String("channel"));
        Assert.Equal(ts, answer.String("thread_ts"));
        Assert.Contains(answer.Texts, text => text.Contains("admin", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_retried_event_is_answered_once()
    {
        var eventId = SlackPayloads.NewEventId();
        var ts = SlackPayloads.NewTs();
        var envelope = SlackPayloads.Envelope(eventId, SlackPayloads.Mention("Does Flask come with an ORM?", ts));

        var first = await _host.PostEventAsync(envelope);
        var retries = new[] { await _host.PostEventAsync(envelope, retryNum: 1), await _host.PostEventAsync(envelope, retryNum: 2), await _host.PostEventAsync(envelope, retryNum: 3) };
        // The same message again under a new event id (Slack can deliver one message as two events).
        var again = await _host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Does Flask come with an ORM?", ts)));
        // Work for one channel runs in order, so once this later question is answered, any
        // second answer to the first would already have been posted.
        var sentinelTs = SlackPayloads.NewTs();
        await _host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Is Django good for large projects?", sentinelTs)));

        Assert.All([first, .. retries, again], response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var answers = new[] { await _standIn.NextAsync(), await _standIn.NextAsync() };
        Assert.Equal([ts, sentinelTs], answers.Select(answer => answer.String("thread_ts")));
        Assert.Empty(_standIn.Pending());
    }

    [Fact]
    public async Task Messages_from_bots_from_the_bot_itself_and_with_subtypes_are_not_answered()
    {
        var ignored = new List<Dictionary<string, object?>>();
        var fromBot = SlackPayloads.DirectMessage("Does Flask come with an ORM?", SlackPayloads.NewTs());
        fromBot["bot_id"] = "B0OTHERBOT";
        ignored.Add(fromBot);
        ignored.Add(SlackPayloads.DirectMessage("Does Flask come with an ORM?", SlackPayloads.NewTs(), user: SlackPayloads.BotUser));
        var edited = SlackPayloads.DirectMessage("Does Flask come with an ORM?", SlackPayloads.NewTs());
        edited["subtype"] = "message_changed";
        ignored.Add(edited);
        var joined = SlackPayloads.Mention("has joined the channel", SlackPayloads.NewTs(), channel: SlackPayloads.DirectChannel);
        joined["subtype"] = "channel_join";
        ignored.Add(joined);
        var inChannel = SlackPayloads.DirectMessage("Does Flask come with an ORM?", SlackPayloads.NewTs());
        inChannel["channel_type"] = "channel";
        ignored.Add(inChannel);
        ignored.Add(new Dictionary<string, object?> { ["type"] = "reaction_added", ["user"] = SlackPayloads.User, ["reaction"] = "thumbsup" });

        foreach (var slackEvent in ignored)
            Assert.Equal(HttpStatusCode.OK, (await _host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), slackEvent))).StatusCode);
        var sentinelTs = SlackPayloads.NewTs();
        await _host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.DirectMessage("Is Django good for large projects?", sentinelTs)));

        var answer = await _standIn.NextAnswerAsync();
        Assert.Equal(sentinelTs, answer.String("thread_ts"));
        Assert.Empty(_standIn.Pending());
    }

    [Fact]
    public async Task An_event_is_acknowledged_before_its_answer_is_sent()
    {
        _standIn.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ts = SlackPayloads.NewTs();

        var ack = await _host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Does Flask come with an ORM?", ts)));
        var answer = await _standIn.NextAsync();

        // Slack is still holding the answer when the acknowledgement has long come back.
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.False(_standIn.Gate.Task.IsCompleted);
        Assert.Equal(ts, answer.String("thread_ts"));
        _standIn.Gate.SetResult();
    }

    [Fact]
    public void Mentions_and_links_are_read_as_plain_text()
    {
        var plain = SlackText.ToPlain($"<@{SlackPayloads.BotUser}> is <https://flask.palletsprojects.com|Flask> &amp; <#C123|dev> ok for &lt;APIs&gt;? cc <@U0OTHER|ann>", SlackPayloads.BotUser);

        Assert.Equal("is Flask & #dev ok for <APIs>? cc @ann", plain);
    }

    [Fact]
    public async Task An_event_without_an_event_id_is_a_bad_request()
    {
        var envelope = new { type = "event_callback", team_id = SlackPayloads.Team, @event = SlackPayloads.Mention("hello", SlackPayloads.NewTs()) };

        var response = await _host.PostEventAsync(envelope);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("event_id", await response.Content.ReadAsStringAsync());
        var notJson = await _host.PostSignedAsync(SlackEndpoints.EventsPath, "{not json", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
    }
}
