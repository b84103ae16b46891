using System.Globalization;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.BotFramework.Cards;

/// <summary>
/// Renders the bot's channel-neutral replies as one Adaptive Card: an answer as its best passage
/// quoted with heading and source, then the others it carries (Search:DefaultTop in all); a recommendation as its headline and its
/// reasons, each with the passage behind it; anything else as its title and text. Choices become
/// buttons. Several replies (a guided flow may give more than one) are stacked in one card.
/// This is the one place that makes reply text safe for a card: every text of a reply is plain
/// and may hold what a person typed, so each goes into a TextBlock escaped
/// (<see cref="MarkdownText"/>); only the quoted passages (the articles' own text) and the source
/// links the renderer builds itself are written as they are.
/// </summary>
public static class ReplyCardRenderer
{
    /// <summary>The verb of every Action.Execute button; what was chosen is in its data.</summary>
    public const string ExecuteVerb = "advisorbot.choice";

    /// <summary>Renders <paramref name="replies"/>; every text is cut to <paramref name="textLimit"/> characters.</summary>
    public static AdaptiveCard Render(IReadOnlyList<Reply> replies, CardActionKind actionKind, int textLimit = int.MaxValue)
    {
        if (replies.Count == 0)
            throw new ArgumentException("a card needs at least one reply", nameof(replies));
        var body = new List<CardElement>();
        IReadOnlyList<CardAction>? actions = null;
        for (var i = 0; i < replies.Count; i++)
        {
            var elements = Body(replies[i], textLimit);
            if (i > 0 && elements.Count > 0)
                elements[0] = elements[0] with { Separator = true, Spacing = "large" };
            body.AddRange(elements);
            var buttons = replies[i].Choices.Select(choice => Button(choice, actionKind, textLimit)).ToList();
            if (buttons.Count == 0)
                continue;
            // The last reply's buttons go in the card's action bar; earlier ones stay beside their reply.
            if (i == replies.Count - 1)
                actions = buttons;
            else
                body.Add(new ActionSet(buttons));
        }
        return new AdaptiveCard(body, actions);
    }

    private static List<CardElement> Body(Reply reply, int textLimit)
    {
        if (reply.Recommendation is { } recommendation)
            return RecommendationBody(reply, recommendation, textLimit);
        if (reply.Kind == ReplyKind.Answer && reply.Passages.Count > 0)
            return AnswerBody(reply, textLimit);

        var body = new List<CardElement>();
        if (!string.IsNullOrWhiteSpace(reply.Title))
            body.Add(Heading(reply.Title, textLimit));
        body.AddRange(Paragraphs(reply.Text, textLimit));
        foreach (var passage in reply.Passages)
            body.Add(Quote(passage.Passage, textLimit) with { Spacing = "medium" });
        return body;
    }

    private static List<CardElement> AnswerBody(Reply reply, int textLimit)
    {
        var body = new List<CardElement>();
        var heading = reply.Title ?? reply.Question;
        if (!string.IsNullOrWhiteSpace(heading))
            body.Add(Heading(heading, Math.Min(textLimit, 300)));
        body.Add(Quote(reply.Passages[0].Passage, textLimit));
        var more = reply.Passages.Skip(1).ToList();
        if (more.Count > 0)
        {
            body.Add(new TextBlock("Also relevant") { Weight = "bolder", Spacing = "large" });
            foreach (var passage in more)
                body.Add(Quote(passage.Passage, textLimit) with { Spacing = "small" });
        }
        return body;
    }

    private static List<CardElement> RecommendationBody(Reply reply, Recommendation recommendation, int textLimit)
    {
        var body = new List<CardElement>
        {
            Heading(reply.Title ?? "Recommendation", textLimit),
            new TextBlock(Plain(recommendation.Headline, textLimit)) { Weight = "bolder", Color = "accent" },
        };
        var quoted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reason in recommendation.Reasons)
        {
            body.Add(new TextBlock(Plain(reason.Text, textLimit)) { Spacing = "medium" });
            body.Add(Quote(reason.Passage, textLimit) with { Spacing = "small" });
            quoted.Add(reason.Passage.Id);
        }
        if (recommendation.WhatWouldChange.Count > 0)
        {
            body.Add(new TextBlock("What would change this") { Weight = "bolder", Spacing = "large" });
            body.AddRange(recommendation.WhatWouldChange.Select(item => new TextBlock(Plain("- " + item, textLimit)) { Spacing = "none" }));
        }
        foreach (var passage in reply.Passages.Where(passage => !quoted.Contains(passage.Passage.Id)))
            body.Add(Quote(passage.Passage, textLimit) with { Spacing = "medium" });
        return body;
    }

    private static TextBlock Heading(string text, int textLimit) =>
        new(Plain(text, textLimit)) { Size = "medium", Weight = "bolder" };

    /// <summary>Reply text for a TextBlock: cut to the limit, then escaped, so it shows as written.</summary>
    private static string Plain(string text, int textLimit) => MarkdownText.Escape(Clip(text, textLimit));

    /// <summary>A passage as a quotation: its heading, its text, and where it comes from.</summary>
    private static Container Quote(Passage passage, int textLimit) =>
        new([
            new TextBlock(Clip(passage.Heading, Math.Min(textLimit, 300))) { Weight = "bolder" },
            new TextBlock(Clip(passage.Text, textLimit)) { Spacing = "small" },
            new TextBlock(Clip(SourceLine(passage.Source), Math.Max(textLimit, 200))) { Size = "small", IsSubtle = true, Spacing = "small" },
        ])
        { Style = "emphasis" };

    /// <summary>The source line, the title a Markdown link where the URL is known.</summary>
    public static string SourceLine(Source source) =>
        Core.Conversation.SourceLine.Format(source, (title, url) =>
            $"[{title.Replace('[', '(').Replace(']', ')')}]({url.Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal)})");

    /// <summary>Plain text as text blocks, one a line, so line breaks survive every card host; each
    /// escaped, so a line such as "1. Small" or a typed "**hi**" shows as written.</summary>
    private static IEnumerable<CardElement> Paragraphs(string text, int textLimit)
    {
        var afterBlank = false;
        var first = true;
        foreach (var line in Clip(text, textLimit).Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                afterBlank = true;
                continue;
            }
            yield return new TextBlock(MarkdownText.Escape(line.TrimEnd())) { Spacing = first ? null : afterBlank ? "medium" : "none" };
            first = false;
            afterBlank = false;
        }
    }

    private static CardAction Button(ReplyChoice choice, CardActionKind kind, int textLimit)
    {
        var title = Clip(choice.Label, Math.Min(textLimit, 80));
        var data = new CardActionData(choice.Value);
        CardAction action = kind == CardActionKind.Execute ? new ExecuteAction(title, ExecuteVerb, data) : new SubmitAction(title, data);
        return action with
        {
            Style = choice.Style switch
            {
                ChoiceStyle.Primary => "positive",
                ChoiceStyle.Danger => "destructive",
                _ => null,
            },
        };
    }

    /// <summary>Cuts text to at most <paramref name="limit"/> characters, never inside a character
    /// (surrogate pair, combining sequence), marking the cut with an ellipsis.</summary>
    public static string Clip(string text, int limit)
    {
        if (text.Length <= limit)
            return text;
        var keep = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var end = elements.ElementIndex + elements.GetTextElement().Length;
            if (end > limit - 1)
                break;
            keep = end;
        }
        return text[..keep].TrimEnd() + "…";
    }
}
