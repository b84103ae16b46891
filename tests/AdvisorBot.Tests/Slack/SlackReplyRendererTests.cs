using System.Text.Json;
using System.Text.RegularExpressions;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Slack;

namespace AdvisorBot.Tests.Slack;

/// <summary>Replies as Block Kit: escaped as Slack requires, cut to its limits on character
/// boundaries and never inside an entity, whatever the passage.</summary>
public partial class SlackReplyRendererTests
{
    private static readonly Source Article = new("Flask & Django <compared>", "Example Press", "Ada Writer", "2024-01-02", "https://example.org/compare?a=1&b=<2>|x");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_huge_passage_is_cut_to_the_section_limit_without_splitting_an_entity(int shift)
    {
        // 10,000 characters, a third of them &, < or >, so whatever the offset some entity
        // straddles the cut; the shift moves every one of them across it.
        var text = new string('x', shift) + string.Concat(Enumerable.Repeat("a&b<c>", 10_000 / 6));
        var reply = Answer(Passage("huge", text), Passage("second", "Short & sweet."), Passage("third", "Also <short>."));

        var message = Serialize(SlackReplyRenderer.Render(reply));

        var sections = Texts(message, "section");
        Assert.Equal(3, sections.Count);
        Assert.All(sections, section => Assert.InRange(section.Length, 1, SlackReplyRenderer.MaxSectionText));
        Assert.EndsWith("…", sections[0]);
        Assert.All(sections, AssertEscaped);
        Assert.InRange(message.GetProperty("text").GetString()!.Length, 1, SlackReplyRenderer.MaxFallbackText);
        AssertEscaped(message.GetProperty("text").GetString()!);
    }

    [Fact]
    public void A_hedged_answer_says_the_articles_only_touch_on_it_above_its_passages()
    {
        var reply = Answer(Passage("fastapi", "FastAPI: Modern, high-performance framework")) with { Hedge = "The articles only touch on this. The closest they come:" };

        var sections = Texts(Serialize(SlackReplyRenderer.Render(reply)), "section");

        Assert.Equal(2, sections.Count);
        Assert.Contains("only touch on this", sections[0]);
        Assert.Contains("high-performance framework", sections[1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_cut_never_splits_a_surrogate_pair(int shift)
    {
        var text = new string('x', shift) + string.Concat(Enumerable.Repeat("😀", 6_000));
        var reply = Answer(Passage("emoji", text)) with
        {
            Choices = [new ReplyChoice(new string('y', shift) + string.Concat(Enumerable.Repeat("🎉", 100)), new AskAction(new string('z', shift) + string.Concat(Enumerable.Repeat("🚀", 1_500))))],
        };

        var message = Serialize(SlackReplyRenderer.Render(reply));

        var strings = Texts(message, "section").Concat(Buttons(message).SelectMany(button => new[] { button.Label, button.Value })).Append(message.GetProperty("text").GetString()!);
        Assert.All(strings, AssertWholeSurrogates);
        var (label, value) = Assert.Single(Buttons(message));
        Assert.InRange(label.Length, 1, SlackReplyRenderer.MaxButtonText);
        Assert.InRange(value.Length, 1, SlackReplyRenderer.MaxButtonValue);
    }

    [Fact]
    public void The_answer_quotes_the_best_passage_with_its_source_then_the_others_it_carries()
    {
        var reply = Answer(Passage("one", "First <passage> & more.\nSecond line."), Passage("two", "Second."), Passage("three", "Third."), Passage("four", "Fourth."));

        var message = Serialize(SlackReplyRenderer.Render(reply));

        var sections = Texts(message, "section");
        Assert.Equal(4, sections.Count);
        Assert.Equal("*Section one*\n> First &lt;passage&gt; &amp; more.\n> Second line.", sections[0]);
        Assert.StartsWith("*Also:*\n*Section two*\n> Second.", sections[1]);
        // The article once for all its passages, its title the link, escaped as Slack wants.
        var source = Assert.Single(Texts(message, "context"));
        Assert.Equal("Sources:\n• <https://example.org/compare?a=1&amp;b=%3C2%3E%7Cx|Flask &amp; Django &lt;compared&gt;>", source);
        Assert.Equal(["More like this"], Buttons(message).Select(button => button.Label));
        var feedback = Assert.Single(message.GetProperty("blocks").EnumerateArray(), block => block.GetProperty("type").GetString() == "context_actions")
            .GetProperty("elements")[0];
        Assert.Equal("feedback_buttons", feedback.GetProperty("type").GetString());
        Assert.Equal("feedback:helpful:answer-1", feedback.GetProperty("positive_button").GetProperty("value").GetString());
        Assert.Equal("feedback:unhelpful:answer-1", feedback.GetProperty("negative_button").GetProperty("value").GetString());
        Assert.Equal("plain_text", feedback.GetProperty("negative_button").GetProperty("text").GetProperty("type").GetString());
    }

    [Fact]
    public void Buttons_keep_to_Block_Kit_limits_and_each_has_its_own_action_id()
    {
        var choices = Enumerable.Range(0, 30)
            .Select(i => new ReplyChoice($"Option {i} " + string.Concat(Enumerable.Repeat("<&>", 40)), new AskAction($"{i}:" + new string('v', 3_000))))
            .ToList();
        var reply = new Reply { Kind = ReplyKind.Help, Text = "Pick one & see <what> happens.", Choices = choices };

        var message = Serialize(SlackReplyRenderer.Render(reply));

        var actions = message.GetProperty("blocks").EnumerateArray().Where(block => block.GetProperty("type").GetString() == "actions").ToList();
        Assert.Equal(2, actions.Count);
        Assert.All(actions, block => Assert.InRange(block.GetProperty("elements").GetArrayLength(), 1, SlackReplyRenderer.MaxActionsElements));
        var buttons = actions.SelectMany(block => block.GetProperty("elements").EnumerateArray()).ToList();
        Assert.Equal(30, buttons.Count);
        Assert.Equal(30, buttons.Select(button => button.GetProperty("action_id").GetString()).Distinct().Count());
        Assert.All(buttons, button =>
        {
            var label = button.GetProperty("text").GetProperty("text").GetString()!;
            Assert.InRange(label.Length, 1, SlackReplyRenderer.MaxButtonText);
            AssertEscaped(label);
            Assert.Equal(SlackReplyRenderer.MaxButtonValue, button.GetProperty("value").GetString()!.Length);
            Assert.InRange(button.GetProperty("action_id").GetString()!.Length, 1, 255);
        });
        Assert.Equal("Pick one &amp; see &lt;what&gt; happens.", Texts(message, "section")[0]);
    }

    [Fact]
    public void A_turn_of_many_replies_keeps_to_fifty_blocks_and_keeps_its_buttons()
    {
        var replies = Enumerable.Range(0, 20).Select(i => Answer(Passage($"a{i}", "One."), Passage($"b{i}", "Two."), Passage($"c{i}", "Three."))).ToList();

        var message = Serialize(SlackReplyRenderer.Render(replies));

        var blocks = message.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(SlackReplyRenderer.MaxBlocks, blocks.Count);
        Assert.Equal(20, blocks.Count(block => block.GetProperty("type").GetString() == "actions"));
        Assert.Equal(20, Buttons(message).Count);
        Assert.Equal(20, message.GetProperty("blocks").EnumerateArray().Where(block => block.GetProperty("type").GetString() == "actions")
            .SelectMany(block => block.GetProperty("elements").EnumerateArray()).Select(button => button.GetProperty("action_id").GetString()).Distinct().Count());
    }

    [Fact]
    public void A_recommendation_shows_each_reason_with_the_passage_behind_it()
    {
        var first = Passage("api", "Flask is at its best for REST APIs.");
        var second = Passage("small", "Flask keeps small services small & simple.");
        var reply = new Reply
        {
            Kind = ReplyKind.Recommendation,
            Title = "Recommendation: Flask",
            Text = "Recommendation: Flask. It is the clear choice for this project.\n\nWhy:\n1. ...",
            Recommendation = new Recommendation("flask", "Flask", RecommendationStrength.Clear, "Recommendation: Flask. It is the clear choice for this project.",
                [new RecommendationReason("It suits APIs.", first), new RecommendationReason("It suits microservices.", second)],
                ["Needing a built-in admin panel would favour Django."]),
            Passages = [new QuotedPassage(first), new QuotedPassage(second)],
            Choices = [new ReplyChoice("Start again", StartFlowAction.Instance, ChoiceStyle.Primary)],
        };

        var message = Serialize(SlackReplyRenderer.Render(reply));

        // The headline is the header, said once.
        Assert.Equal(["Recommendation: Flask. It is the clear choice for this project."], Texts(message, "header"));
        var sections = Texts(message, "section");
        Assert.DoesNotContain(sections, section => section.Contains("clear choice", StringComparison.Ordinal));
        Assert.Equal("*1. It suits APIs.*\n*Section api*\n> Flask is at its best for REST APIs.", sections[0]);
        Assert.Equal("*2. It suits microservices.*\n*Section small*\n> Flask keeps small services small &amp; simple.", sections[1]);
        Assert.Contains("Needing a built-in admin panel would favour Django.", sections[2]);
        Assert.Equal(2, Texts(message, "context").Count(text => text.StartsWith("Source: ", StringComparison.Ordinal)));
        var (label, value) = Assert.Single(Buttons(message));
        Assert.Equal(("Start again", "flow:start"), (label, value));
    }

    [Fact]
    public void Escaping_and_cutting_text_directly()
    {
        Assert.Equal("a &amp; b &lt;c&gt;", SlackText.Escape("a & b <c>"));
        // "ab&amp;" cut to 6 must not end in "&am": it backs off to before the entity.
        Assert.Equal("ab…", SlackText.EscapeAndTruncate("ab&cdef", 6));
        Assert.Equal("ab&amp;…", SlackText.EscapeAndTruncate("ab&cdef", 8));
        Assert.Equal("short", SlackText.EscapeAndTruncate("short", 5));
        Assert.Null(SlackText.Link("javascript:alert(1)", "x"));
    }

    [Fact]
    public void Sources_whose_titles_hold_full_stops_colons_and_commas_are_listed_one_per_line()
    {
        var first = new Source("Flask vs. Django: Which, When, Why", "Blog", null, null, "https://example.org/a");
        var second = new Source("Django 5.0: Notes, Tips", "Docs", null, null, null);
        var reply = Answer(Passage("one", "One.") with { Source = first }, Passage("two", "Two.") with { Source = second });

        var source = Assert.Single(Texts(Serialize(SlackReplyRenderer.Render(reply)), "context"));

        Assert.Equal(["Sources:", "• <https://example.org/a|Flask vs. Django: Which, When, Why>", "• Django 5.0: Notes, Tips"], source.Split('\n'));
    }

    private static Reply Answer(params Passage[] passages) => new()
    {
        Kind = ReplyKind.Answer,
        Text = string.Join("\n\n", passages.Select(PlainText.Quote)),
        AnswerId = "answer-1",
        Passages = passages.Select(passage => new QuotedPassage(passage, 1.0)).ToList(),
        Choices =
        [
            new ReplyChoice("Helpful", new RateAnswerAction("answer-1", Helpful: true), ChoiceStyle.Primary),
            new ReplyChoice("Not helpful", new RateAnswerAction("answer-1", Helpful: false)),
            new ReplyChoice("More like this", new MoreLikeAction("answer-1", passages[0].Id)),
        ],
    };

    private static Passage Passage(string id, string text) =>
        new($"compare/{id}", "compare", [Article.Title, $"Section {id}"], text, Article, "compare.md", 1);

    private static JsonElement Serialize(SlackMessage message) =>
        JsonSerializer.SerializeToElement(message, BlockKitJson.Options);

    private static List<string> Texts(JsonElement message, string type) =>
        message.GetProperty("blocks").EnumerateArray().Where(block => block.GetProperty("type").GetString() == type)
            .SelectMany(block => type == "context"
                ? block.GetProperty("elements").EnumerateArray().Select(element => element.GetProperty("text").GetString()!)
                : [block.GetProperty("text").GetProperty("text").GetString()!])
            .ToList();

    private static List<(string Label, string Value)> Buttons(JsonElement message) =>
        message.GetProperty("blocks").EnumerateArray().Where(block => block.GetProperty("type").GetString() == "actions")
            .SelectMany(block => block.GetProperty("elements").EnumerateArray())
            .Select(button => (button.GetProperty("text").GetProperty("text").GetString()!, button.GetProperty("value").GetString()!))
            .ToList();

    /// <summary>Every '&amp;' starts a whole entity; '&lt;' never appears raw; '&gt;' only as a
    /// block-quote marker at the start of a line.</summary>
    private static void AssertEscaped(string text)
    {
        Assert.DoesNotMatch(LoneAmpersand(), text);
        Assert.DoesNotContain('<', text);
        Assert.DoesNotMatch(InnerGreaterThan(), text);
    }

    /// <summary>No half of a surrogate pair, and no U+FFFD: the JSON writer puts that in place of
    /// a lone half, so on the wire a split pair shows up as one.</summary>
    private static void AssertWholeSurrogates(string text)
    {
        Assert.DoesNotContain('\uFFFD', text);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
                Assert.True(i + 1 < text.Length && char.IsLowSurrogate(text[++i]), $"lone high surrogate at {i}");
            else
                Assert.False(char.IsLowSurrogate(text[i]), $"lone low surrogate at {i}");
        }
    }

    [GeneratedRegex("&(?!(amp|lt|gt);)")]
    private static partial Regex LoneAmpersand();

    [GeneratedRegex("[^\\n]>|^>(?! )")]
    private static partial Regex InnerGreaterThan();
}
