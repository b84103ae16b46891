using System.Net;
using System.Text.Json;
using AdvisorBot.Core.Search;
using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>A question in Teams, as a person sees it answered: an Adaptive Card quoting the
/// best passage with its source, more passages, buttons, and the same answer as plain text.</summary>
public class MessageTurnTests(BotFrameworkWorldFixture fixture) : IClassFixture<BotFrameworkWorldFixture>
{
    private BotFrameworkWorld World => fixture.World;

    private const string Question = "Does Flask come with an ORM?";

    private async Task<ConnectorRequest> AskAsync(object activity, string conversation)
    {
        var response = await World.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(World.Channel.Delivered, request => request.RawTarget.Contains(Uri.EscapeDataString(conversation)) && request.Type == "message");
    }

    [Fact]
    public async Task A_Teams_mention_is_answered_with_a_card_quoting_the_best_passage_and_its_source()
    {
        var conversation = TeamsActivities.NewConversationId();
        var activity = TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question);

        var reply = await AskAsync(activity, conversation);

        using var snapshot = KnowledgeSnapshot.Build(RepositoryPaths.Knowledge);
        var expected = snapshot.Searcher.Search(Question, 3);
        Assert.True(expected.Answered);
        var best = expected.Hits[0].Passage;
        var texts = AdaptiveCardShape.Texts(reply.Card);
        Assert.Equal(Question, texts[0]);
        Assert.Equal(best.Heading, texts[1]);
        Assert.Equal(best.Text, texts[2]);
        var source = best.Source;
        Assert.Equal(source.Url is null ? $"Source: {source.Describe()}" : $"Source: [{source.Title}]({source.Url}){source.Describe()[source.Title.Length..]}", texts[3]);
        Assert.Contains(source.Publisher!, texts[3]);
        foreach (var more in expected.Hits.Skip(1))
            Assert.Contains(more.Passage.Text, texts);
        Assert.Equal("application/vnd.microsoft.card.adaptive", reply.Activity.GetProperty("attachments")[0].GetProperty("contentType").GetString());
        Assert.Empty(AdaptiveCardShape.Problems(reply.Card));
        // The plain-text fallback says the same for clients without cards.
        Assert.Contains(best.Text, reply.Text);
        Assert.Contains(best.Source.Title, reply.Text);
    }

    [Fact]
    public async Task The_answer_has_helpful_not_helpful_and_more_like_this_buttons()
    {
        var conversation = TeamsActivities.NewConversationId();

        var reply = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question), conversation);

        var buttons = AdaptiveCardShape.Buttons(reply.Card);
        Assert.Equal(["Helpful", "Not helpful", "More like this"], buttons.Select(button => button.Title));
        Assert.All(buttons, button => Assert.Equal("Action.Submit", button.Type));
        Assert.All(buttons, button => Assert.False(string.IsNullOrEmpty(button.Data.GetProperty("action").GetString())));
    }

    [Fact]
    public async Task The_reply_is_addressed_back_to_the_sender_in_the_same_conversation_with_escaped_ids()
    {
        var conversation = TeamsActivities.NewConversationId();
        var activity = TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question);

        var reply = await AskAsync(activity, conversation);

        var id = (string)activity["id"]!;
        Assert.Equal("POST", reply.Method);
        Assert.Equal($"/connector/v3/conversations/{Uri.EscapeDataString(conversation)}/activities/{Uri.EscapeDataString(id)}", reply.RawTarget);
        Assert.Contains("%3A", reply.RawTarget);
        Assert.Contains("%40", reply.RawTarget);
        Assert.Contains("%3B", reply.RawTarget);
        Assert.Equal(id, reply.Activity.GetProperty("replyToId").GetString());
        Assert.Equal(conversation, reply.Activity.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal(TeamsActivities.BotId, reply.Activity.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal(TeamsActivities.UserId, reply.Activity.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal("msteams", reply.Activity.GetProperty("channelId").GetString());
        Assert.Equal("en-US", reply.Activity.GetProperty("locale").GetString());
        Assert.StartsWith("Bearer " + ChannelService.AccessTokenPrefix, reply.Authorization);
    }

    [Fact]
    public async Task The_mention_is_stripped_and_html_entities_decoded_before_the_question_is_read()
    {
        var conversation = TeamsActivities.NewConversationId();
        var activity = TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, "Doesn&#39;t Flask come with an ORM &amp; migrations?");

        var reply = await AskAsync(activity, conversation);

        Assert.Equal("Doesn't Flask come with an ORM & migrations?", AdaptiveCardShape.Texts(reply.Card)[0]);
    }

    [Fact]
    public async Task Help_gets_the_help_card_with_a_button_to_choose_a_framework()
    {
        var conversation = TeamsActivities.NewConversationId();

        var reply = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, "help"), conversation);

        Assert.Contains("/choose-framework", reply.Text);
        Assert.Contains(AdaptiveCardShape.Buttons(reply.Card), button => button.Title == "Choose a framework");
        Assert.Empty(AdaptiveCardShape.Problems(reply.Card));
    }

    [Fact]
    public async Task The_choose_framework_command_from_the_Teams_command_menu_starts_the_guided_flow()
    {
        var conversation = TeamsActivities.NewConversationId();

        var reply = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, "choose-framework"), conversation);

        // The first step of the flow, with its options as buttons.
        Assert.Contains("What are you building?", reply.Text);
        Assert.Contains(AdaptiveCardShape.Buttons(reply.Card), button => button.Title.Contains("API", StringComparison.Ordinal));
        Assert.Empty(AdaptiveCardShape.Problems(reply.Card));
    }

    [Fact]
    public async Task The_guided_flow_runs_by_card_buttons_to_a_recommendation_whose_reasons_quote_their_passages()
    {
        var conversation = TeamsActivities.NewConversationId();
        var reply = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, "/choose-framework"), conversation);

        for (var step = 0; step < 12 && !reply.Text.StartsWith("Recommendation", StringComparison.Ordinal); step++)
        {
            Assert.Empty(AdaptiveCardShape.Problems(reply.Card));
            var first = AdaptiveCardShape.Buttons(reply.Card)[0];
            var before = World.Channel.Delivered.Count;
            Assert.Equal(HttpStatusCode.OK, (await World.PostAsync(TeamsActivities.Submit(World.Channel.ServiceUrl, conversation, first.Data))).StatusCode);
            reply = World.Channel.Delivered.Skip(before).Last(request => request.RawTarget.Contains(Uri.EscapeDataString(conversation)));
        }

        Assert.StartsWith("Recommendation", reply.Text);
        Assert.Empty(AdaptiveCardShape.Problems(reply.Card));
        var texts = AdaptiveCardShape.Texts(reply.Card);
        Assert.StartsWith("Recommendation: ", texts[0]);
        // Each reason is followed by its quotation: heading, passage text, source line.
        var sources = texts.Select((text, i) => (text, i)).Where(item => item.text.StartsWith("Source: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.Contains("> " + texts[source.i - 1].Split('\n')[0], reply.Text));
    }

    [Fact]
    public async Task A_question_without_an_answer_is_declined_honestly_with_suggestions()
    {
        var conversation = TeamsActivities.NewConversationId();

        var reply = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, "What's the weather in Paris tomorrow?"), conversation);

        Assert.StartsWith("I don't have a good answer to that", reply.Text);
        Assert.Contains(AdaptiveCardShape.Buttons(reply.Card), button => button.Data.GetProperty("action").GetString()!.StartsWith("ask:", StringComparison.Ordinal));
        Assert.Empty(AdaptiveCardShape.Problems(reply.Card));
    }

    [Fact]
    public async Task Each_member_added_but_the_bot_is_welcomed_by_name()
    {
        var conversation = TeamsActivities.NewConversationId();
        var activity = TeamsActivities.MembersAdded(World.Channel.ServiceUrl, conversation,
            (TeamsActivities.BotId, TeamsActivities.BotName), ("29:first-user", "Alex Wilber"), ("29:second-user", "Diego Siciliani"));

        var response = await World.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var welcomes = World.Channel.Delivered.Where(request => request.RawTarget.Contains(Uri.EscapeDataString(conversation))).ToList();
        Assert.Equal(["29:first-user", "29:second-user"], welcomes.Select(welcome => welcome.Activity.GetProperty("recipient").GetProperty("id").GetString()));
        Assert.StartsWith("Hi Alex Wilber!", welcomes[0].Text);
        Assert.StartsWith("Hi Diego Siciliani!", welcomes[1].Text);
        Assert.All(welcomes, welcome => Assert.Contains("/choose-framework", welcome.Text));
        Assert.All(welcomes, welcome => Assert.Empty(AdaptiveCardShape.Problems(welcome.Card)));
    }

    [Fact]
    public async Task A_welcome_for_an_update_without_an_id_is_sent_as_a_new_message()
    {
        var conversation = TeamsActivities.NewConversationId();
        var activity = TeamsActivities.MembersAdded(World.Channel.ServiceUrl, conversation, ("29:new-user", "Lee Gu"));
        activity.Remove("id");

        await World.PostAsync(activity);

        var welcome = Assert.Single(World.Channel.Delivered, request => request.RawTarget.Contains(Uri.EscapeDataString(conversation)));
        Assert.Equal($"/connector/v3/conversations/{Uri.EscapeDataString(conversation)}/activities", welcome.RawTarget);
        Assert.StartsWith("Hi Lee Gu!", welcome.Text);
    }

    [Fact]
    public async Task A_card_submit_of_helpful_records_the_feedback_and_thanks()
    {
        var conversation = TeamsActivities.NewConversationId();
        var answer = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question), conversation);
        var helpful = AdaptiveCardShape.Buttons(answer.Card).Single(button => button.Title == "Helpful").Data;

        var response = await World.PostAsync(TeamsActivities.Submit(World.Channel.ServiceUrl, conversation, helpful));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var thanks = World.Channel.Delivered.Where(request => request.RawTarget.Contains(Uri.EscapeDataString(conversation))).Last();
        Assert.Equal("Thanks, glad it helped.", thanks.Text);
        Assert.Equal(1, FeedbackVotes(helpful.GetProperty("action").GetString()!["feedback:helpful:".Length..], helpful: true));
    }

    [Fact]
    public async Task A_card_submit_of_more_like_this_answers_with_other_passages()
    {
        var conversation = TeamsActivities.NewConversationId();
        var answer = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question), conversation);
        var more = AdaptiveCardShape.Buttons(answer.Card).Single(button => button.Title == "More like this").Data;

        await World.PostAsync(TeamsActivities.Submit(World.Channel.ServiceUrl, conversation, more));

        var reply = World.Channel.Delivered.Where(request => request.RawTarget.Contains(Uri.EscapeDataString(conversation))).Last();
        var firstHeading = AdaptiveCardShape.Texts(answer.Card)[1];
        Assert.StartsWith("More like", AdaptiveCardShape.Texts(reply.Card)[0]);
        Assert.DoesNotContain(firstHeading, AdaptiveCardShape.Texts(reply.Card).Skip(1).Take(1));
        Assert.Empty(AdaptiveCardShape.Problems(reply.Card));
    }

    [Fact]
    public async Task An_execute_invoke_is_answered_in_the_response_with_a_card_and_records_the_feedback()
    {
        var conversation = TeamsActivities.NewConversationId();
        var answer = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question), conversation);
        var notHelpful = AdaptiveCardShape.Buttons(answer.Card).Single(button => button.Title == "Not helpful").Data;
        var sentBefore = World.Channel.ConnectorRequests.Count;

        var response = await World.PostAsync(TeamsActivities.Execute(World.Channel.ServiceUrl, conversation, "advisorbot.choice", notHelpful));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(200, body.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.RootElement.GetProperty("type").GetString());
        var card = body.RootElement.GetProperty("value");
        Assert.Empty(AdaptiveCardShape.Problems(card));
        Assert.Contains(AdaptiveCardShape.Texts(card), text => text.Contains("didn't help", StringComparison.Ordinal));
        Assert.Equal(1, FeedbackVotes(notHelpful.GetProperty("action").GetString()!["feedback:unhelpful:".Length..], helpful: false));
        // The answer went back in the HTTP response, not through the connector.
        Assert.Equal(sentBefore, World.Channel.ConnectorRequests.Count);
    }

    [Fact]
    public async Task Buttons_on_a_card_returned_to_an_invoke_are_execute_actions_that_work_again()
    {
        var conversation = TeamsActivities.NewConversationId();
        var response = await World.PostAsync(TeamsActivities.Execute(World.Channel.ServiceUrl, conversation, "advisorbot.choice", new { action = "ask:" + Question }));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var card = body.RootElement.GetProperty("value");
        var buttons = AdaptiveCardShape.Buttons(card);
        Assert.All(buttons, button => Assert.Equal("Action.Execute", button.Type));

        var helpful = buttons.Single(button => button.Title == "Helpful").Data;
        var second = await World.PostAsync(TeamsActivities.Execute(World.Channel.ServiceUrl, conversation, "advisorbot.choice", helpful));

        using var thanks = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Contains("Thanks, glad it helped.", AdaptiveCardShape.Texts(thanks.RootElement.GetProperty("value")));
    }

    [Fact]
    public async Task An_execute_invoke_without_the_bots_data_gets_a_400_invoke_response()
    {
        var response = await World.PostAsync(TeamsActivities.Execute(World.Channel.ServiceUrl, TeamsActivities.NewConversationId(), "something", new { other = 1 }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, body.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.error", body.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_invoke_the_bot_does_not_handle_gets_501()
    {
        var activity = TeamsActivities.Execute(World.Channel.ServiceUrl, TeamsActivities.NewConversationId(), "x", new { action = "help" });
        activity["name"] = "composeExtension/query";

        var response = await World.PostAsync(activity);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    private long FeedbackVotes(string answerId, bool helpful)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={World.Bot.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM feedback WHERE answer_id = $id AND helpful = $helpful AND channel = 'msteams'";
        command.Parameters.AddWithValue("$id", answerId);
        command.Parameters.AddWithValue("$helpful", helpful ? 1 : 0);
        return (long)command.ExecuteScalar()!;
    }
}
