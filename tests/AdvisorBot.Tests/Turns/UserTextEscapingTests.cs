using System.Text.Json;
using System.Text.RegularExpressions;
using AdvisorBot.BotFramework.Activities;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.CommandLine;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Slack;
using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.DirectLine;
using AdvisorBot.Tests.Slack;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Turns;

/// <summary>
/// What a person typed comes back exactly as typed in every channel: Markdown, a link, a Teams
/// mention tag or HTML in their text never turns into formatting, a link or a mention the bot
/// seems to offer. Each channel's renderer alone does the escaping for its format.
/// </summary>
public partial class UserTextEscapingTests
{
    /// <summary>Typed text with Markdown, a link, a Teams mention tag and HTML (short enough to be echoed whole).</summary>
    private const string Typed = "**bold** _it_ [link](https://evil.example/x) <at>Boss</at> <b>html</b>";

    private static readonly Source Article = new("Guide", "Press", null, null, "https://example.org/guide");

    /// <summary>Replies carrying <see cref="Typed"/> in every text field that can hold what a person
    /// typed: title, text, the question answered, a recommendation's headline and reasons.</summary>
    private static IEnumerable<Reply> RepliesQuoting(string typed)
    {
        var passage = new Passage("guide/a/1", "guide", ["Guide", "A"], "Passage text.", Article, "guide.md", 1);
        yield return new Reply { Kind = ReplyKind.Notice, Title = typed, Text = $"I couldn't match \"{typed}\" to one of the options.\n1. {typed}" };
        yield return new Reply { Kind = ReplyKind.Answer, Text = "Guide", Question = typed, AnswerId = "a1", Passages = [new QuotedPassage(passage, 1)] };
        yield return new Reply
        {
            Kind = ReplyKind.Recommendation,
            Title = typed,
            Text = typed,
            Recommendation = new Recommendation("flask", "Flask", RecommendationStrength.Leaning, typed, [new RecommendationReason("It suits APIs.", passage, typed)], ["Other answers."]),
        };
    }

    [Fact]
    public void The_adaptive_card_renderer_escapes_every_reply_text_so_it_shows_as_typed()
    {
        foreach (var reply in RepliesQuoting(Typed))
        {
            var card = JsonSerializer.SerializeToElement(ReplyCardRenderer.Render([reply], CardActionKind.Submit), ActivityJson.Options);
            var quoting = AdaptiveCardShape.Markdown(card).Where(text => MarkdownShown.Of(text).Contains(Typed, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(quoting);
            // The renderer's own lists aside (a recommendation's numbered reasons), nothing typed formats.
            Assert.All(quoting, text => Assert.Empty(MarkdownShown.Formatting(text).Except(["ol", "ul", "li"])));
            Assert.All(AdaptiveCardShape.Markdown(card), text => Assert.DoesNotContain("href=\"https://evil.example", MarkdownShown.Html(text)));
        }
    }

    [Fact]
    public void A_typed_numbered_line_does_not_start_a_list_in_a_card()
    {
        var card = JsonSerializer.SerializeToElement(ReplyCardRenderer.Render([RepliesQuoting(Typed).First()], CardActionKind.Submit), ActivityJson.Options);

        Assert.Contains(@"1\. " + MarkdownText.Escape(Typed), AdaptiveCardShape.Markdown(card));
    }

    [Fact]
    public void The_slack_renderer_puts_reply_text_in_plain_text_with_slacks_control_characters_escaped()
    {
        var quoted = 0;
        foreach (var reply in RepliesQuoting(Typed))
        {
            var message = JsonSerializer.SerializeToElement(SlackReplyRenderer.Render(reply), BlockKitJson.Options);
            var quoting = TextObjects(message).Where(text => text.Text.Contains(SlackText.Escape(Typed), StringComparison.Ordinal)).ToList();
            quoted += quoting.Count;
            Assert.All(quoting, text => Assert.Equal("plain_text", text.Type));
            Assert.All(TextObjects(message), text => Assert.DoesNotContain("<at>", text.Text));
        }
        // In the notice's text and as the recommendation's headline (its header, said once).
        Assert.True(quoted >= 2, $"the typed text was shown {quoted} times");
    }

    [Fact]
    public void The_terminal_shows_control_characters_as_escapes()
    {
        var reply = new Reply { Kind = ReplyKind.Notice, Text = "I couldn't match \"\u001b[2J\u001b[31mred\u202eevil\" to an option.\nNext line\ttab" };

        var shown = TerminalText.Render(reply);

        Assert.Equal("I couldn't match \"\\u001b[2J\\u001b[31mred\\u202eevil\" to an option.\nNext line\ttab", shown);
    }

    [Fact]
    public async Task Teams_shows_a_typed_answer_echoed_by_the_guided_flow_as_typed()
    {
        await using var world = await BotFrameworkWorld.StartAsync();
        var conversation = TeamsActivities.NewConversationId();
        await world.PostAsync(TeamsActivities.Message(world.Channel.ServiceUrl, conversation, "/choose-framework"));

        // Teams sends a typed "<at>" HTML-encoded, so it is not taken for a real mention.
        await world.PostAsync(TeamsActivities.Message(world.Channel.ServiceUrl, conversation, Typed.Replace("<at>Boss</at>", "&lt;at&gt;Boss&lt;/at&gt;", StringComparison.Ordinal)));

        var step = world.Channel.Delivered.Where(request => request.Type == "message").Last();
        var echo = Assert.Single(AdaptiveCardShape.Markdown(step.Card), text => MarkdownShown.Of(text).Contains(Typed, StringComparison.Ordinal));
        Assert.Empty(MarkdownShown.Formatting(echo));
        Assert.Contains(Typed, step.Text);
    }

    [Fact]
    public async Task The_desk_chat_shows_a_typed_answer_echoed_by_the_guided_flow_as_typed()
    {
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge);
        var client = new DirectLineClient(host.Client);
        await client.StartAsync();
        await client.PollAsync();
        await client.SayAsync("/choose-framework");
        await client.BotMessagesAsync();

        await client.SayAsync(Typed);
        var step = Assert.Single(await client.BotMessagesAsync());

        var echo = Assert.Single(DirectLineClient.Markdown(DirectLineClient.Card(step)), text => MarkdownShown.Of(text).Contains(Typed, StringComparison.Ordinal));
        Assert.Empty(MarkdownShown.Formatting(echo));
    }

    [Fact]
    public async Task Slack_shows_a_typed_answer_echoed_by_the_guided_flow_as_typed()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        await using var host = await SlackTestHost.StartAsync(standIn);
        await host.PostCommandAsync(SlackPayloads.Command("/choose-framework", standIn.ResponseUrl("T0TEAM0001/1/command")));
        var first = await standIn.NextAsync();
        await standIn.NextAsync();

        // Slack sends what was typed with its three control characters escaped.
        await host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention(SlackText.Escape(Typed), SlackPayloads.NewTs(), threadTs: first.Ts)));
        var step = await standIn.NextAsync();

        var echo = Assert.Single(TextObjects(step.Body), text => text.Text.Contains(SlackText.Escape(Typed), StringComparison.Ordinal));
        Assert.Equal("plain_text", echo.Type);
    }

    private static List<(string Type, string Text)> TextObjects(JsonElement message) =>
        message.GetProperty("blocks").EnumerateArray()
            .SelectMany(block => block.GetProperty("type").GetString() switch
            {
                "section" or "header" => [block.GetProperty("text")],
                "context" => block.GetProperty("elements").EnumerateArray().ToList(),
                _ => [],
            })
            .Select(text => (text.GetProperty("type").GetString()!, text.GetProperty("text").GetString()!))
            .ToList();
}
