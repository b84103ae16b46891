using System.Text;
using System.Text.Json;
using AdvisorBot.BotFramework.Activities;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Flow;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.Support;

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
            Choices = [new ReplyChoice("Start over", StartFlowAction.Instance)],
        };

        var card = Json(ReplyCardRenderer.Render([reply], CardActionKind.Submit));

        Assert.Empty(AdaptiveCardShape.Problems(card));
        var texts = AdaptiveCardShape.Texts(card);
        // The headline says "Recommendation" itself: the title is not said again above it.
        Assert.Equal("Recommendation: Django. It is the clear choice.", texts[0]);
        Assert.Single(texts, text => text.Contains("It is the clear choice", StringComparison.Ordinal));
        // The reasons as one numbered list, so it counts 1, 2.
        Assert.Contains("1. You need an admin panel.\n2. You want an ORM built in.", texts);
        // The passages and what would change it are in the card, collapsed behind their buttons.
        Assert.Contains("Django ships an admin.", texts);
        Assert.Contains("Django has its own ORM.", texts);
        Assert.Contains("- You only need a tiny API", AdaptiveCardShape.Markdown(card));
        var toggles = Toggles(card);
        Assert.Equal(["Sources", "What would change it"], toggles.Select(toggle => toggle.Title));
        Assert.All(toggles, toggle => Assert.False(Element(card, toggle.Target).GetProperty("isVisible").GetBoolean()));
        Assert.Equal("flow:start", AdaptiveCardShape.Buttons(card).Single(button => button.Type == "Action.Submit").Data.GetProperty("action").GetString());
    }

    [Fact]
    public void A_flow_step_shows_its_question_and_its_options_as_buttons()
    {
        var step = new Reply
        {
            Kind = ReplyKind.FlowStep,
            Title = "How big is the project?",
            Text = "How big is the project?\n1. Small\n2. Large",
            Choices = [new ReplyChoice("Small", new FlowAnswerAction("size", "small")), new ReplyChoice("Large", new FlowAnswerAction("size", "large")), new ReplyChoice("Cancel", CancelFlowAction.Instance, ChoiceStyle.Danger)],
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
    public void A_hedged_answer_says_the_articles_only_touch_on_it_above_its_passage()
    {
        const string hedge = "The articles only touch on this. The closest they come:";
        var reply = new Reply
        {
            Kind = ReplyKind.Answer,
            Question = "Is FastAPI better?",
            Text = $"{hedge}\n\nFastAPI: Modern, high-performance framework",
            Hedge = hedge,
            Passages = [new QuotedPassage(PassageOf("p", "FastAPI: Modern, high-performance framework"))],
        };

        var card = Json(ReplyCardRenderer.Render([reply], CardActionKind.Submit));

        Assert.Empty(AdaptiveCardShape.Problems(card));
        var shown = MarkdownShown.Of(TextBlocks(card).Select(block => block.GetProperty("text").GetString()!)).ToList();
        var hedgeAt = shown.FindIndex(text => text.Contains("only touch on this", StringComparison.Ordinal));
        var passageAt = shown.FindIndex(text => text.Contains("high-performance framework", StringComparison.Ordinal));
        Assert.InRange(hedgeAt, 0, passageAt - 1);
    }

    [Fact]
    public void A_passage_shows_its_list_as_one_list_its_code_as_code_and_file_names_as_text()
    {
        const string text = "Django creates:\n- A manage.py file\n- A settings.py file\n\n```python\napp = Flask(__name__)\n    app.run()\n```";
        var reply = new Reply { Kind = ReplyKind.Answer, Question = "What does Django create?", Text = text, Passages = [new QuotedPassage(PassageOf("p", text))] };

        var card = Json(ReplyCardRenderer.Render([reply], CardActionKind.Submit));

        Assert.Empty(AdaptiveCardShape.Problems(card));
        var markdown = AdaptiveCardShape.Markdown(card);
        // One Markdown list, its text as written: nothing in it is Markdown, so nothing is escaped.
        Assert.Contains("- A manage.py file\n- A settings.py file", markdown);
        // Code: no fences, each line monospace, __name__ not bold, indentation kept.
        Assert.DoesNotContain(markdown, block => block.Contains("```", StringComparison.Ordinal));
        var code = TextBlocks(card).Where(block => block.TryGetProperty("fontType", out var font) && font.GetString() == "monospace").Select(block => block.GetProperty("text").GetString()!).ToList();
        Assert.Equal(["app = Flask(__name__)", "\u00a0\u00a0\u00a0\u00a0app.run()"], MarkdownShown.Of(code));
        Assert.Contains("\\_\\_name\\_\\_", code[0]);
    }

    [Fact]
    public void Choices_too_long_for_a_phone_button_become_rows_and_buttons_keep_short_labels()
    {
        var reply = new Reply
        {
            Kind = ReplyKind.Notice,
            Text = "What next?",
            Choices = [new ReplyChoice("Start again", StartFlowAction.Instance), new ReplyChoice("Tell me about the admin panel that Django generates", new FlowAnswerAction("topic", "admin"))],
        };

        var card = Json(ReplyCardRenderer.Render([reply], CardActionKind.Submit));

        Assert.Empty(AdaptiveCardShape.Problems(card));
        var buttons = card.GetProperty("actions").EnumerateArray().Select(action => action.GetProperty("title").GetString()!).ToList();
        Assert.Equal(["Start again"], buttons);
        Assert.All(buttons, title => Assert.InRange(title.Length, 1, ReplyCardRenderer.MaxButtonLabel));
        var row = Assert.Single(card.GetProperty("body").EnumerateArray(), element => element.TryGetProperty("selectAction", out _));
        Assert.Equal("flow:answer:topic:admin", row.GetProperty("selectAction").GetProperty("data").GetProperty("action").GetString());
        Assert.Contains("Tell me about the admin panel that Django generates", AdaptiveCardShape.Texts(row));
    }

    [Fact]
    public void A_flow_step_says_its_question_once_and_numbers_its_options_as_rows_in_either_kind_of_card()
    {
        var step = new Reply
        {
            Kind = ReplyKind.FlowStep,
            Title = "How big is the project?",
            Text = "Question 2 of 6: How big is the project?\n1. Small\n2. Large, with many features and high traffic\nAnswer with a number.",
            Choices =
            [
                new ReplyChoice("Small", new FlowAnswerAction("size", "small")),
                new ReplyChoice("Large, with many features and high traffic", new FlowAnswerAction("size", "large")),
                new ReplyChoice("Back", FlowBackAction.Instance),
                new ReplyChoice("Cancel", CancelFlowAction.Instance, ChoiceStyle.Danger),
            ],
            Step = new FlowStepPrompt(2, 6, "How big is the project?", null, "Answer with a number."),
        };

        foreach (var kind in new[] { CardActionKind.Submit, CardActionKind.Execute })
        {
            var card = Json(ReplyCardRenderer.Render([step], kind));

            Assert.Empty(AdaptiveCardShape.Problems(card));
            var texts = AdaptiveCardShape.Texts(card);
            Assert.Single(texts, text => text.Contains("How big is the project?", StringComparison.Ordinal));
            Assert.Equal(["1. Small", "2. Large, with many features and high traffic"], texts.Where(text => text.Length > 2 && char.IsDigit(text[0]) && text[1] == '.'));
            var rows = card.GetProperty("body").EnumerateArray().Where(element => element.TryGetProperty("selectAction", out _)).ToList();
            Assert.Equal(["flow:answer:size:small", "flow:answer:size:large"], rows.Select(row => row.GetProperty("selectAction").GetProperty("data").GetProperty("action").GetString()));
            Assert.Equal(["Back", "Cancel"], card.GetProperty("actions").EnumerateArray().Select(action => action.GetProperty("title").GetString()));
        }
    }

    [Fact]
    public void Several_replies_stack_in_one_card_each_with_its_own_buttons()
    {
        var notice = new Reply { Kind = ReplyKind.Notice, Text = "Thanks.", Choices = [new ReplyChoice("Undo", FlowBackAction.Instance)] };
        var step = new Reply { Kind = ReplyKind.FlowStep, Title = "Next?", Text = "Next?", Choices = [new ReplyChoice("Yes", new FlowAnswerAction("next", "yes"))] };

        var card = Json(ReplyActivities.InvokeCard([notice, step]));

        Assert.Empty(AdaptiveCardShape.Problems(card));
        // A title its text already says is not said twice.
        Assert.Equal(["Thanks.", "Next?"], AdaptiveCardShape.Texts(card));
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
            Choices = [.. Enumerable.Range(1, 8).Select(i => new ReplyChoice($"Choice {i}", new AskAction($"question {i}")))],
        };

        var activity = ReplyActivities.Message(Inbound, [reply], CardActionKind.Submit);

        Assert.True(ReplyActivities.SizeOf(activity) <= 40 * 1024);
        var json = Json(activity);
        var card = json.GetProperty("attachments")[0].GetProperty("content");
        Assert.Empty(AdaptiveCardShape.Problems(card));
        var passageText = AdaptiveCardShape.Texts(card)[2];
        Assert.EndsWith("…", passageText);
        Assert.StartsWith("Flask is a microframework.", passageText);
        // The eight choices, and "Show more" for the two passages after the best one.
        Assert.Equal(8, AdaptiveCardShape.Buttons(card).Count(button => button.Type == "Action.Submit"));
        Assert.Equal("Show more", Assert.Single(Toggles(card)).Title);
        // In Teams the text only names the passages for their citations; the card quotes them.
        Assert.Matches(@"\[1\].*\[2\].*\[3\]$", json.GetProperty("text").GetString());
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

    /// <summary>The card's visible Action.ToggleVisibility buttons ("Show more", not yet "Show
    /// less"): title, and the element each shows (its first target; the others swap the buttons).</summary>
    private static List<(string Title, string Target)> Toggles(JsonElement card)
    {
        IEnumerable<JsonElement> All(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object when element.TryGetProperty("isVisible", out var visible) && visible.ValueKind == JsonValueKind.False => [],
            JsonValueKind.Object => element.EnumerateObject().SelectMany(property => All(property.Value)).Prepend(element),
            JsonValueKind.Array => element.EnumerateArray().SelectMany(All),
            _ => [],
        };
        return All(card)
            .Where(action => action.ValueKind == JsonValueKind.Object && action.TryGetProperty("type", out var type) && type.GetString() == "Action.ToggleVisibility")
            .Select(action => (action.GetProperty("title").GetString()!, action.GetProperty("targetElements")[0].GetString()!))
            .ToList();
    }

    [Fact]
    public void Show_more_is_swapped_for_show_less_when_the_passages_are_shown()
    {
        var passages = new[] { "One.", "Two.", "Three." }.Select((text, i) => new QuotedPassage(PassageOf($"p{i}", text))).ToList();
        var card = Json(ReplyCardRenderer.Render([new Reply { Kind = ReplyKind.Answer, Text = "x", Question = "q", Passages = passages }], CardActionKind.Submit));

        Assert.Empty(AdaptiveCardShape.Problems(card));
        var toggles = AdaptiveCardShape.Buttons(card).Where(button => button.Type == "Action.ToggleVisibility").Select(button => button.Title).ToList();
        Assert.Equal(["Show more", "Show less"], toggles);
        var (_, more) = Assert.Single(Toggles(card));
        Assert.False(Element(card, more).GetProperty("isVisible").GetBoolean());
    }

    /// <summary>The element of the card with the given id, however nested.</summary>
    private static JsonElement Element(JsonElement card, string id)
    {
        IEnumerable<JsonElement> All(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().SelectMany(property => All(property.Value)).Prepend(element),
            JsonValueKind.Array => element.EnumerateArray().SelectMany(All),
            _ => [],
        };
        return Assert.Single(All(card), element => element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var value) && value.GetString() == id);
    }

    private static IEnumerable<JsonElement> TextBlocks(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object when element.TryGetProperty("type", out var type) && type.GetString() == "TextBlock" => [element],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => TextBlocks(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(TextBlocks),
        _ => [],
    };
}
