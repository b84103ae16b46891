using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.DirectLine;

/// <summary>The Direct Line 3.0 conversation Web Chat has with the host, over HTTP on loopback.</summary>
public sealed class DirectLineRoundTripTests : SmallCorpusDeskTest
{
    private DirectLineClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = new DirectLineClient(Host.Client);
    }

    [Fact]
    public async Task A_new_conversation_has_an_id_a_token_and_a_lifetime_and_starts_with_the_welcome_card()
    {
        var conversation = await _client.StartAsync();

        Assert.False(string.IsNullOrEmpty(_client.ConversationId));
        Assert.False(string.IsNullOrEmpty(_client.Token));
        Assert.InRange(conversation.GetProperty("expires_in").GetInt32(), 1700, 1800);

        var welcome = Assert.Single(await _client.PollAsync());
        Assert.Equal("bot", welcome["from"]!["role"]!.GetValue<string>());
        Assert.Equal(_client.ConversationId, welcome["conversation"]!["id"]!.GetValue<string>());
        Assert.StartsWith(_client.ConversationId + "|", welcome["id"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(welcome["timestamp"]!.GetValue<string>(), out _));
        var card = DirectLineClient.Card(welcome);
        Assert.Contains(DirectLineClient.Texts(card), text => text.StartsWith("Hi! I'm AdvisorBot", StringComparison.Ordinal));
        Assert.Contains(DirectLineClient.Buttons(card), button => button.Title == "Choose a framework");
    }

    [Fact]
    public async Task A_question_is_echoed_and_answered_with_the_passage_and_its_source_in_an_adaptive_card()
    {
        await _client.StartAsync();
        await _client.PollAsync();

        var id = await _client.SayAsync("Does Alpha have an ORM?");
        var activities = await _client.PollAsync();

        Assert.Equal(2, activities.Count);
        var echo = activities[0];
        Assert.Equal(id, echo["id"]!.GetValue<string>());
        Assert.Equal("Does Alpha have an ORM?", echo["text"]!.GetValue<string>());
        Assert.Equal("user", echo["from"]!["role"]!.GetValue<string>());
        // Web Chat matches its pending message by this id.
        Assert.NotNull(echo["channelData"]?["clientActivityID"]);

        var answer = activities[1];
        Assert.Equal(id, answer["replyToId"]!.GetValue<string>());
        Assert.Equal("bot", answer["from"]!["role"]!.GetValue<string>());
        var texts = DirectLineClient.Texts(DirectLineClient.Card(answer));
        Assert.Contains("The Alpha Guide > Alpha Features", texts);
        Assert.Contains(texts, text => text.Contains("object-relational mapper", StringComparison.Ordinal));
        Assert.Contains(texts, text => text.StartsWith("Source: [The Alpha Guide](https://example.org/alpha)", StringComparison.Ordinal));
        Assert.Contains(DirectLineClient.Buttons(DirectLineClient.Card(answer)), button => button.Title == "Not helpful");

        // Nothing new since the watermark: the same activities are not sent twice.
        Assert.Empty(await _client.PollAsync());
    }

    [Fact]
    public async Task Polling_from_watermark_zero_again_returns_the_whole_conversation_in_order()
    {
        await _client.StartAsync();
        await _client.SayAsync("Does Alpha have an ORM?");

        using var response = await _client.GetRawAsync(watermark: "0");
        var set = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ids = set.GetProperty("activities").EnumerateArray().Select(activity => activity.GetProperty("id").GetString()!).ToList();

        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal("3", set.GetProperty("watermark").GetString());
    }

    [Fact]
    public async Task Clicking_not_helpful_on_the_card_records_the_feedback_for_the_desk_to_see()
    {
        await _client.StartAsync();
        await _client.PollAsync();
        await _client.SayAsync("Does Alpha have an ORM?");
        var answer = (await _client.BotMessagesAsync()).Single();
        var notHelpful = DirectLineClient.Buttons(DirectLineClient.Card(answer)).Single(button => button.Title == "Not helpful");

        await _client.ClickAsync(notHelpful.Action);
        var thanks = (await _client.BotMessagesAsync()).Single();

        Assert.Contains(DirectLineClient.Texts(DirectLineClient.Card(thanks)), text => text.StartsWith("Thanks for telling me", StringComparison.Ordinal));
        var unanswered = await Host.ApiClient.GetFromJsonAsync<JsonElement>("/api/desk/unanswered");
        var question = Assert.Single(unanswered.GetProperty("questions").EnumerateArray());
        Assert.Equal("Does Alpha have an ORM?", question.GetProperty("question").GetString());
        Assert.Equal(1, question.GetProperty("markedUnhelpful").GetInt32());
        Assert.Equal(["webchat"], question.GetProperty("channels").EnumerateArray().Select(channel => channel.GetString()));
    }

    [Fact]
    public async Task Every_reply_carries_its_plain_text_for_a_screen_reader_and_an_answer_offers_next_steps()
    {
        await _client.StartAsync();
        var welcome = (await _client.BotMessagesAsync()).Single();
        await _client.SayAsync("Does Beta have a database layer?");
        var answer = (await _client.BotMessagesAsync()).Single();

        // The card for the eye, the same reply as plain text for a screen reader (the page draws the card alone).
        Assert.Contains("AdvisorBot", welcome["text"]!.GetValue<string>());
        Assert.Contains("no database layer of its own", answer["text"]!.GetValue<string>());
        Assert.Equal("plain", answer["textFormat"]!.GetValue<string>());
        var steps = answer["suggestedActions"]!["actions"]!.AsArray().Select(step => step!.AsObject()).ToList();
        Assert.Equal("Choose a framework", steps[0]["title"]!.GetValue<string>());
        Assert.All(steps, step => Assert.Equal("messageBack", step["type"]!.GetValue<string>()));
        Assert.All(steps, step => Assert.Equal(step["title"]!.GetValue<string>(), step["displayText"]!.GetValue<string>()));
        Assert.DoesNotContain(steps, step => step["title"]!.GetValue<string>() == "Does Beta have a database layer?");

        // Picked, a next step comes back as Web Chat sends a messageBack: its value, its display text.
        var question = steps[1];
        await _client.PostAsync(new { type = "message", from = new { id = "tester" }, text = question["displayText"]!.GetValue<string>(), value = question["value"], channelData = new { messageBack = new { displayText = question["displayText"]!.GetValue<string>() } } });
        var next = (await _client.BotMessagesAsync()).Single();
        Assert.Equal(question["title"]!.GetValue<string>(), DirectLineClient.Texts(DirectLineClient.Card(next))[0]);
    }

    [Fact]
    public async Task An_answer_that_repeats_the_only_example_question_offers_the_guided_flow_alone_and_feedback_keeps_the_next_steps()
    {
        await _client.StartAsync();
        await _client.PollAsync();
        // In other words than the example "Does Alpha have an admin panel?": the same best passage.
        await _client.SayAsync("Does Alpha generate an administration panel?");
        var answer = (await _client.BotMessagesAsync()).Single();
        Assert.Contains("administration panel", answer["text"]!.GetValue<string>());
        var steps = answer["suggestedActions"]!["actions"]!.AsArray().Select(step => step!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(["Choose a framework"], steps);

        await _client.ClickAsync(DirectLineClient.Buttons(DirectLineClient.Card(answer)).Single(button => button.Title == "Helpful").Action);
        var thanks = (await _client.BotMessagesAsync()).Single();

        Assert.Equal(steps, thanks["suggestedActions"]!["actions"]!.AsArray().Select(step => step!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Not_helpful_on_more_like_this_is_recorded_under_the_question_asked_with_its_passage_and_channel()
    {
        await _client.StartAsync();
        await _client.PollAsync();
        await _client.SayAsync("Does Alpha have an ORM?");
        var answer = (await _client.BotMessagesAsync()).Single();
        await _client.ClickAsync(DirectLineClient.Buttons(DirectLineClient.Card(answer)).Single(button => button.Title == "More like this").Action);
        var more = (await _client.BotMessagesAsync()).Single();
        var notHelpful = DirectLineClient.Buttons(DirectLineClient.Card(more)).Single(button => button.Title == "Not helpful");

        await _client.ClickAsync(notHelpful.Action);
        await _client.BotMessagesAsync();

        var feedback = await Host.ApiClient.GetFromJsonAsync<JsonElement>("/api/desk/feedback");
        var record = Assert.Single(feedback.GetProperty("feedback").EnumerateArray());
        Assert.Equal("Does Alpha have an ORM?", record.GetProperty("question").GetString());
        Assert.False(record.GetProperty("helpful").GetBoolean());
        Assert.Equal("webchat", record.GetProperty("channel").GetString());
        // The passage rated is the best one the card showed, the one its own "More like this" names.
        var moreLikeThat = DirectLineClient.Buttons(DirectLineClient.Card(more)).Single(button => button.Title == "More like this").Action;
        Assert.EndsWith(":" + record.GetProperty("passageId").GetString(), moreLikeThat);
        var unanswered = await Host.ApiClient.GetFromJsonAsync<JsonElement>("/api/desk/unanswered");
        var listed = Assert.Single(unanswered.GetProperty("questions").EnumerateArray());
        Assert.Equal("Does Alpha have an ORM?", listed.GetProperty("question").GetString());
        Assert.Equal(1, listed.GetProperty("markedUnhelpful").GetInt32());
    }

    [Fact]
    public async Task A_card_button_that_asks_a_question_gets_the_answer()
    {
        await _client.StartAsync();
        var welcome = (await _client.BotMessagesAsync()).Single();
        var suggestion = DirectLineClient.Buttons(DirectLineClient.Card(welcome)).Single(button => button.Title == "Does Alpha have an admin panel?");

        await _client.ClickAsync(suggestion.Action);
        var answer = (await _client.BotMessagesAsync()).Single();

        Assert.Contains("The Alpha Guide > Alpha Features", DirectLineClient.Texts(DirectLineClient.Card(answer)));
    }

    [Fact]
    public async Task Members_added_by_a_conversation_update_are_welcomed_by_name()
    {
        await _client.StartAsync();
        await _client.PollAsync();

        await _client.PostAsync(new { type = "conversationUpdate", membersAdded = new[] { new { id = "agent-7", name = "Robin" } } });
        var welcome = (await _client.BotMessagesAsync()).Single();

        Assert.Contains(DirectLineClient.Texts(DirectLineClient.Card(welcome)), text => text.StartsWith("Hi Robin!", StringComparison.Ordinal));
        Assert.Equal("agent-7", welcome["recipient"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_typed_question_is_echoed_as_sent_without_being_interpreted()
    {
        await _client.StartAsync();
        await _client.PollAsync();
        const string hostile = "<img src=x onerror=alert(1)> &amp; <script>alert(2)</script>";

        await _client.SayAsync(hostile);
        var echo = (await _client.PollAsync()).First();

        Assert.Equal(hostile, echo["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_question_heading_its_answer_card_is_escaped_so_web_chat_shows_it_as_typed()
    {
        await _client.StartAsync();
        await _client.PollAsync();

        await _client.SayAsync("<i>Does Alpha have an ORM?</i> [ORM](x:1)");
        var answer = (await _client.BotMessagesAsync()).Single();

        var heading = DirectLineClient.Markdown(DirectLineClient.Card(answer))[0];
        // Escaped where Markdown or a tag would start, and nowhere else.
        Assert.Equal(@"\<i>Does Alpha have an ORM?\</i> \[ORM\](x:1)", heading);
    }

    [Fact]
    public async Task Conversations_are_kept_apart()
    {
        var other = new DirectLineClient(Host.Client);
        await _client.StartAsync();
        await other.StartAsync();
        await _client.PollAsync();
        await other.PollAsync();

        await _client.SayAsync("Does Alpha have an ORM?");

        Assert.Empty(await other.PollAsync());
        Assert.Equal(2, (await _client.PollAsync()).Count);
    }

    [Fact]
    public async Task A_bad_watermark_is_refused_with_a_clear_message()
    {
        await _client.StartAsync();

        using var response = await _client.GetRawAsync(watermark: "-1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("watermark", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_click_whose_value_is_not_one_of_the_bots_buttons_is_refused_saying_what_a_value_must_be()
    {
        await _client.StartAsync();
        await _client.PollAsync();

        using var response = await _client.PostRawAsync(new { type = "message", from = new { id = "tester" }, value = new { action = "more:" }, channelData = new { postBack = true } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("more:ANSWER:PASSAGE", await response.Content.ReadAsStringAsync());
        Assert.Empty(await _client.PollAsync());
    }
}
