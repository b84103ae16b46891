using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdvisorBot.Core.Search;
using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>A question in Teams, as a person sees it answered: an Adaptive Card quoting the
/// best passage with its source and more passages behind "Show more"; the text naming each passage
/// with a citation marker; Teams' own thumbs up and down, whose clicks are stored.</summary>
public partial class MessageTurnTests(BotFrameworkWorldFixture fixture) : IClassFixture<BotFrameworkWorldFixture>
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

        using var snapshot = Snapshots.Build(RepositoryPaths.Knowledge);
        var expected = snapshot.Searcher.Search(Question, 3);
        Assert.True(expected.Answered);
        var best = expected.Hits[0].Passage;
        var texts = AdaptiveCardShape.Texts(reply.Card);
        Assert.Equal(Question, texts[0]);
        Assert.Equal(best.Heading, texts[1]);
        Assert.StartsWith(FirstWords(best.Text), texts[2]);
        var source = best.Source;
        var sourceLine = source.Url is null ? $"Source: {source.Describe()}" : $"Source: [{source.Title}]({source.Url}){source.Describe()[source.Title.Length..]}";
        Assert.Contains(sourceLine, texts);
        Assert.Contains(source.Publisher!, sourceLine);
        // The other passages are in the card too, collapsed behind "Show more".
        foreach (var more in expected.Hits.Skip(1))
            Assert.Contains(texts, text => text.StartsWith(FirstWords(more.Passage.Text), StringComparison.Ordinal));
        Assert.Contains(AdaptiveCardShape.Buttons(reply.Card), button => button is { Type: "Action.ToggleVisibility", Title: "Show more" });
        Assert.Equal("application/vnd.microsoft.card.adaptive", reply.Activity.GetProperty("attachments")[0].GetProperty("contentType").GetString());
        Assert.Empty(AdaptiveCardShape.Problems(reply.Card));
    }

    [Fact]
    public async Task A_Teams_answer_names_each_passage_with_a_citation_marker_and_carries_the_citation_entity()
    {
        var conversation = TeamsActivities.NewConversationId();

        var reply = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question), conversation);

        using var snapshot = Snapshots.Build(RepositoryPaths.Knowledge);
        var passages = snapshot.Searcher.Search(Question, 3).Hits.Select(hit => hit.Passage).ToList();
        var entity = Assert.Single(reply.Activity.GetProperty("entities").EnumerateArray());
        Assert.Equal("https://schema.org/Message", entity.GetProperty("type").GetString());
        Assert.Equal("Message", entity.GetProperty("@type").GetString());
        Assert.Equal("https://schema.org", entity.GetProperty("@context").GetString());
        Assert.False(entity.TryGetProperty("additionalType", out _));
        var claims = entity.GetProperty("citation").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, passages.Count), claims.Select(claim => claim.GetProperty("position").GetInt32()));
        // The text names each passage once, by the name its citation shows, with its marker.
        var text = MarkdownShown.Of(reply.MessageText!);
        Assert.Equal(claims.Select(claim => $"[{claim.GetProperty("position").GetInt32()}]"), CitationMarker().Matches(text).Select(match => match.Value));
        foreach (var claim in claims)
        {
            var appearance = claim.GetProperty("appearance");
            var name = appearance.GetProperty("name").GetString()!;
            Assert.Contains($"{name} [{claim.GetProperty("position").GetInt32()}]", text);
            Assert.InRange(name.Length, 1, 80);
            Assert.InRange(appearance.GetProperty("abstract").GetString()!.Length, 1, 160);
            Assert.EndsWith(passages[claim.GetProperty("position").GetInt32() - 1].HeadingPath[^1], name);
        }
        // Nothing said twice: the passages' own text is in the card, not in the message's text.
        Assert.DoesNotContain(FirstWords(passages[0].Text), text);
    }

    [Fact]
    public async Task A_Teams_answer_has_Teams_own_feedback_and_more_like_this_instead_of_feedback_buttons()
    {
        var conversation = TeamsActivities.NewConversationId();

        var reply = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question), conversation);

        Assert.True(reply.Activity.GetProperty("channelData").GetProperty("feedbackLoopEnabled").GetBoolean());
        var buttons = AdaptiveCardShape.Buttons(reply.Card);
        Assert.Equal(["More like this"], buttons.Where(button => button.Type == "Action.Submit").Select(button => button.Title));
        Assert.DoesNotContain(buttons, button => button.Title is "Helpful" or "Not helpful");
    }

    [Fact]
    public async Task Teams_thumbs_down_with_a_reason_is_stored_with_the_answer_it_rates_and_answered_with_an_empty_200()
    {
        var conversation = TeamsActivities.NewConversationId();
        var answer = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question), conversation);
        var messageId = answer.SentId!;

        var response = await World.PostAsync(TeamsActivities.Feedback(World.Channel.ServiceUrl, conversation, messageId, "dislike", "It does not say which ORM to pick"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var (question, passage, comment) = Feedback(helpful: false);
        Assert.Equal(Question, question);
        using var snapshot = Snapshots.Build(RepositoryPaths.Knowledge);
        Assert.Equal(snapshot.Searcher.Search(Question, 3).Hits[0].Passage.Id, passage);
        Assert.Equal("It does not say which ORM to pick", comment);
    }

    [Fact]
    public async Task Teams_thumbs_up_without_a_reason_is_stored_too()
    {
        var conversation = TeamsActivities.NewConversationId();
        var answer = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, "Which one is better for a beginner?"), conversation);

        var response = await World.PostAsync(TeamsActivities.Feedback(World.Channel.ServiceUrl, conversation, answer.SentId!, "like", feedbackText: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var (question, _, comment) = Feedback(helpful: true, "Which one is better for a beginner?");
        Assert.Equal("Which one is better for a beginner?", question);
        Assert.Null(comment);
    }

    [Fact]
    public async Task Teams_feedback_that_is_not_like_or_dislike_is_refused_with_400_and_nothing_is_stored()
    {
        var conversation = TeamsActivities.NewConversationId();
        var answer = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question), conversation);
        var before = FeedbackCount();

        var response = await World.PostAsync(TeamsActivities.Feedback(World.Channel.ServiceUrl, conversation, answer.SentId!, "love", "!"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reaction", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, FeedbackCount());
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
        // The reasons numbered, and the passages behind them quoted (behind "Sources"), each with its source line.
        Assert.Contains(texts, text => text.StartsWith("1. ", StringComparison.Ordinal));
        Assert.Contains(texts, text => text.StartsWith("Source: ", StringComparison.Ordinal));
        Assert.Contains(AdaptiveCardShape.Buttons(reply.Card), button => button is { Type: "Action.ToggleVisibility", Title: "Sources" });
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
        Assert.Contains("Hi Alex Wilber!", welcomes[0].Text);
        Assert.Contains("Hi Diego Siciliani!", welcomes[1].Text);
        Assert.All(welcomes, welcome => Assert.Contains("/choose-framework", welcome.Text));
        Assert.All(welcomes, welcome => Assert.Empty(AdaptiveCardShape.Problems(welcome.Card)));
    }

    [Fact]
    public async Task Every_card_Teams_is_sent_has_a_short_plain_text_for_notifications_and_previews()
    {
        var conversation = TeamsActivities.NewConversationId();
        await World.PostAsync(TeamsActivities.MembersAdded(World.Channel.ServiceUrl, conversation, ("29:preview-user", "Megan Bowen")));
        await World.PostAsync(TeamsActivities.Message(World.Channel.ServiceUrl, conversation, "What is the airspeed of an unladen swallow?"));
        await World.PostAsync(TeamsActivities.Message(World.Channel.ServiceUrl, conversation, "/choose-framework"));
        for (var answer = 0; answer < 10 && !World.Channel.Delivered.Any(request => IsRecommendation(request, conversation)); answer++)
            await World.PostAsync(TeamsActivities.Message(World.Channel.ServiceUrl, conversation, "1"));

        var sent = World.Channel.Delivered.Where(request => request.RawTarget.Contains(Uri.EscapeDataString(conversation)) && request.Type == "message").ToList();
        Assert.True(sent.Count >= 4, $"only {sent.Count} messages");
        Assert.StartsWith("Hi Megan Bowen!", sent[0].MessageText);
        Assert.Contains(sent, request => request.MessageText is { } text && text.StartsWith("Question 1 of ", StringComparison.Ordinal));
        Assert.Contains(sent, request => IsRecommendation(request, conversation) && request.MessageText!.StartsWith("Recommendation", StringComparison.Ordinal));
        Assert.All(sent, request =>
        {
            Assert.False(string.IsNullOrWhiteSpace(request.MessageText), $"no text with the card {request.Card}");
            Assert.InRange(request.MessageText!.Length, 1, 400);
            Assert.DoesNotContain("\\", request.MessageText);
        });
    }

    private static bool IsRecommendation(ConnectorRequest request, string conversation) =>
        request.RawTarget.Contains(Uri.EscapeDataString(conversation)) && request.Type == "message" && request.Text.Contains("Recommendation", StringComparison.Ordinal) && request.Text.Contains("Why", StringComparison.Ordinal);

    [Fact]
    public async Task A_welcome_for_an_update_without_an_id_is_sent_as_a_new_message()
    {
        var conversation = TeamsActivities.NewConversationId();
        var activity = TeamsActivities.MembersAdded(World.Channel.ServiceUrl, conversation, ("29:new-user", "Lee Gu"));
        activity.Remove("id");

        await World.PostAsync(activity);

        var welcome = Assert.Single(World.Channel.Delivered, request => request.RawTarget.Contains(Uri.EscapeDataString(conversation)));
        Assert.Equal($"/connector/v3/conversations/{Uri.EscapeDataString(conversation)}/activities", welcome.RawTarget);
        Assert.Contains("Hi Lee Gu!", welcome.Text);
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
    public async Task An_execute_invoke_is_answered_in_the_response_with_a_card()
    {
        var conversation = TeamsActivities.NewConversationId();
        var answer = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question), conversation);
        var more = AdaptiveCardShape.Buttons(answer.Card).Single(button => button.Title == "More like this").Data;
        var sentBefore = World.Channel.ConnectorRequests.Count;

        var response = await World.PostAsync(TeamsActivities.Execute(World.Channel.ServiceUrl, conversation, "advisorbot.choice", more));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(200, body.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.RootElement.GetProperty("type").GetString());
        var card = body.RootElement.GetProperty("value");
        Assert.Empty(AdaptiveCardShape.Problems(card));
        Assert.StartsWith("More like", AdaptiveCardShape.Texts(card)[0]);
        // The answer went back in the HTTP response, not through the connector.
        Assert.Equal(sentBefore, World.Channel.ConnectorRequests.Count);
    }

    [Fact]
    public async Task Not_helpful_on_a_more_like_this_answer_counts_for_the_question_the_person_asked()
    {
        var conversation = TeamsActivities.NewConversationId();
        var answer = await AskAsync(TeamsActivities.Mention(World.Channel.ServiceUrl, conversation, Question), conversation);
        var more = AdaptiveCardShape.Buttons(answer.Card).Single(button => button.Title == "More like this").Data;
        var before = World.Channel.Delivered.Count;
        await World.PostAsync(TeamsActivities.Submit(World.Channel.ServiceUrl, conversation, more));
        var moreAnswer = World.Channel.Delivered.Skip(before).Single(request => request.Type == "message");

        await World.PostAsync(TeamsActivities.Feedback(World.Channel.ServiceUrl, conversation, moreAnswer.SentId!, "dislike", null));

        Assert.StartsWith("More like", AdaptiveCardShape.Texts(moreAnswer.Card)[0]);
        Assert.Equal(Question, Feedback(helpful: false).Question);
    }

    [Fact]
    public async Task Buttons_on_a_card_returned_to_an_invoke_are_execute_actions_that_work_again()
    {
        var conversation = TeamsActivities.NewConversationId();
        var response = await World.PostAsync(TeamsActivities.Execute(World.Channel.ServiceUrl, conversation, "advisorbot.choice", new { action = "ask:" + Question }));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var card = body.RootElement.GetProperty("value");
        // Every button that talks to the bot ("Not helpful" opens a form whose "Send" does).
        var buttons = AdaptiveCardShape.Buttons(card).Where(button => button.Type is not ("Action.ToggleVisibility" or "Action.ShowCard")).ToList();
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

    /// <summary>The newest feedback of the kind given that Teams sent, as the store has it, with
    /// the question of the answer rated (optionally the one asked as <paramref name="question"/>).</summary>
    private (string Question, string? Passage, string? Comment) Feedback(bool helpful, string? question = null)
    {
        using var connection = OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.question, f.passage_id, f.comment FROM feedback f JOIN answers a ON a.id = f.answer_id
            WHERE f.helpful = $helpful AND f.channel = 'msteams' AND ($question IS NULL OR a.question = $question)
            ORDER BY f.id DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("$helpful", helpful ? 1 : 0);
        command.Parameters.AddWithValue("$question", (object?)question ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), "no such feedback stored");
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    private long FeedbackCount()
    {
        using var connection = OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM feedback";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The bot's own SQLite file, read as the store wrote it.</summary>
    private Microsoft.Data.Sqlite.SqliteConnection OpenDatabase()
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={World.Bot.DatabasePath}");
        connection.Open();
        return connection;
    }

    /// <summary>The first words of a passage, as its first text block in a card begins.</summary>
    private static string FirstWords(string text) => string.Join(' ', text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Take(4));

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex CitationMarker();
}
