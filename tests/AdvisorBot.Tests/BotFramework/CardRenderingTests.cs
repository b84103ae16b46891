using System.Text;
using System.Text.Json;
using AdvisorBot.BotFramework.Activities;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Tests.BotFramework.Support;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>Replies other than answers (the guided flow's steps and recommendation, several
/// replies at once, oversized content) still make valid Adaptive Cards 1.5 within Teams' limits.</summary>
public class CardRenderingTests
{
    private static readonly Source Linked = new("Flask vs Django", "Inspector", "Valerio Barbera", "2024-03-01", "https://inspector.dev/flask-vs-django");

    private static Passage PassageOf(string id, string text, Source? source = null) =>
        new(id, "article", ["Flask vs Django", "Databases"], text, source ?? Linked, "article.md", 1);

    private static readonly Activity Inbound = new()
    {
        Type = "message",
        Id = "1:abc",
        ServiceUrl = "https://smba.trafficmanager.net/amer/",
        ChannelId = "msteams",
        From = new ChannelAccount("29:user", "User"),
        Recipient = new ChannelAccount("28:bot", "AdvisorBot"),
        Conversation = new ConversationAccount("19:conv@thread.tacv2"),
    };

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, ActivityJson.Options);

    [Fact]
    public void A_source_with_a_url_is_a_link_on_its_title()
    {
        Assert.Equal("Source: [Flask vs Django](https://inspector.dev/flask-vs-django) — Inspector, Valerio Barbera (2024-03-01)", ReplyCardRenderer.SourceLine(Linked));
        Assert.Equal("Source: Plain — Blog", ReplyCardRenderer.SourceLine(new Source("Plain", "Blog", null, null, null)));
        Assert.Equal("Source: Odd — Blog", ReplyCardRenderer.SourceLine(new Source("Odd", "Blog", null, null, "javascript:alert(1)")));
    }

    [Fact]
    public void A_recommendation_shows_the_framework_and_each_reason_with_the_passage_behind_it()
    {
        var reply = new Reply
        {
            Kind = ReplyKind.Recommendation,
            Title = "Recommendation",
            Text = "Recommendation: Django. It is the clear choice.\n\nWhy:\n1. You need an admin panel.",
            Recommendation = new Recommendation("django", "Django", RecommendationStrength.Clear, "Recommendation: Django. It is the clear choice.", [
                new RecommendationReason("You need an admin panel.", PassageOf("p1", "Django ships an admin.")),
                new RecommendationReason("You want an ORM built in.", PassageOf("p2", "Django has its own ORM.")),
            ], ["You only need a tiny API"]),
            Choices = [new ReplyChoice("Start over", "flow:start")],
        };

        var card = Json(ReplyCardRenderer.Render([reply], CardActionKind.Submit));

        Assert.Empty(AdaptiveCardShape.Problems(card));
        var texts = AdaptiveCardShape.Texts(card);
        Assert.Equal(["Recommendation", "Recommendation: Django. It is the clear choice."], texts.Take(2));
        Assert.Contains("You need an admin panel.", texts);
        Assert.Contains("Django ships an admin.", texts);
        Assert.Contains("Django has its own ORM.", texts);
        Assert.Contains("- You only need a tiny API", texts);
        Assert.Equal("flow:start", AdaptiveCardShape.Buttons(card).Single().Data.GetProperty("action").GetString());
    }

    [Fact]
    public void A_flow_step_shows_its_question_and_its_options_as_buttons()
    {
        var step = new Reply
        {
            Kind = ReplyKind.FlowStep,
            Title = "How big is the project?",
            Text = "How big is the project?\n1. Small\n2. Large",
            Choices = [new ReplyChoice("Small", "flow:size:small"), new ReplyChoice("Large", "flow:size:large"), new ReplyChoice("Cancel", "flow:cancel", ChoiceStyle.Danger)],
        };

        var card = Json(ReplyCardRenderer.Render([step], CardActionKind.Execute));

        Assert.Empty(AdaptiveCardShape.Problems(card));
        Assert.Equal("How big is the project?", AdaptiveCardShape.Texts(card)[0]);
        var buttons = AdaptiveCardShape.Buttons(card);
        Assert.Equal(["Small", "Large", "Cancel"], buttons.Select(button => button.Title));
        Assert.All(buttons, button => Assert.Equal("Action.Execute", button.Type));
        Assert.Equal("destructive", card.GetProperty("actions")[2].GetProperty("style").GetString());
    }

    [Fact]
    public void Several_replies_stack_in_one_card_each_with_its_own_buttons()
    {
        var notice = new Reply { Kind = ReplyKind.Notice, Text = "Thanks.", Choices = [new ReplyChoice("Undo", "flow:undo")] };
        var step = new Reply { Kind = ReplyKind.FlowStep, Title = "Next?", Text = "Next?", Choices = [new ReplyChoice("Yes", "flow:yes")] };

        var card = Json(ReplyActivities.InvokeCard([notice, step]));

        Assert.Empty(AdaptiveCardShape.Problems(card));
        Assert.Equal(["Thanks.", "Next?", "Next?"], AdaptiveCardShape.Texts(card));
        Assert.Equal("ActionSet", card.GetProperty("body")[1].GetProperty("type").GetString());
        Assert.Equal("Yes", card.GetProperty("actions")[0].GetProperty("title").GetString());
    }

    [Fact]
    public void An_oversized_reply_is_cut_to_fit_a_Teams_message_and_stays_a_valid_card()
    {
        var huge = string.Concat(Enumerable.Repeat("Flask is a microframework. 😀 ", 2000));
        var reply = new Reply
        {
            Kind = ReplyKind.Answer,
            Question = "Tell me everything",
            Text = huge + huge,
            Passages = [new QuotedPassage(PassageOf("a", huge)), new QuotedPassage(PassageOf("b", huge)), new QuotedPassage(PassageOf("c", huge))],
            Choices = [.. Enumerable.Range(1, 8).Select(i => new ReplyChoice($"Choice {i}", $"ask:question {i}"))],
        };

        var activity = ReplyActivities.Message(Inbound, [reply], CardActionKind.Submit);

        Assert.True(ReplyActivities.SizeOf(activity) <= 40 * 1024);
        var json = Json(activity);
        var card = json.GetProperty("attachments")[0].GetProperty("content");
        Assert.Empty(AdaptiveCardShape.Problems(card));
        var passageText = AdaptiveCardShape.Texts(card)[2];
        Assert.EndsWith("…", passageText);
        Assert.StartsWith("Flask is a microframework.", passageText);
        Assert.Equal(8, AdaptiveCardShape.Buttons(card).Count);
        Assert.EndsWith("…", json.GetProperty("text").GetString());
    }

    [Fact]
    public void Cutting_text_never_splits_a_character()
    {
        var text = "ab" + string.Concat(Enumerable.Repeat("😀", 10)) + "e\u0301e\u0301";
        for (var limit = 1; limit < text.Length; limit++)
        {
            var clipped = ReplyCardRenderer.Clip(text, limit);
            Assert.True(clipped.Length <= limit, $"limit {limit}: {clipped.Length} characters");
            // A lone surrogate would not survive a strict UTF-8 round trip.
            var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            Assert.Equal(clipped, strict.GetString(strict.GetBytes(clipped)));
            Assert.DoesNotContain("e…", clipped.Replace("e\u0301", "", StringComparison.Ordinal));
        }
    }
}
