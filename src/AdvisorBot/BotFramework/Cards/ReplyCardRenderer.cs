using System.Globalization;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.BotFramework.Cards;

/// <summary>
/// Renders the bot's channel-neutral replies as one Adaptive Card that reads well on a laptop and
/// on a phone, and says each thing once: an answer as its best passage quoted with heading and
/// source, up to two more collapsed behind "Show more"; a guided-flow step as its question and its
/// options numbered 1..n, each option a tappable row; a recommendation as its headline and
/// numbered reasons, the passages behind them and what would change it collapsed; anything else
/// as its title and text, a list the buttons repeat left out. Choices with short labels become
/// buttons; longer ones, which a 390 px phone would cut to "...", become rows that wrap. Several
/// replies (a guided flow may give more than one) are stacked in one card.
/// This is the one place that makes reply text safe for a card: every text of a reply is plain
/// and may hold what a person typed, so each goes into a TextBlock escaped
/// (<see cref="MarkdownText"/>); only the source links the renderer builds itself are Markdown.
/// </summary>
public static class ReplyCardRenderer
{
    /// <summary>The verb of every Action.Execute button; what was chosen is in its data.</summary>
    public const string ExecuteVerb = "advisorbot.choice";

    /// <summary>Longest label a button gets. Web Chat on a 390 px phone shows about 33 characters
    /// of a button's label before "..." (seen in the browser test's screenshots); longer choices
    /// become rows whose text wraps.</summary>
    public const int MaxButtonLabel = 30;

    /// <summary>Renders <paramref name="replies"/>; every text is cut to <paramref name="textLimit"/> characters.</summary>
    public static AdaptiveCard Render(IReadOnlyList<Reply> replies, CardActionKind actionKind, int textLimit = int.MaxValue)
    {
        if (replies.Count == 0)
            throw new ArgumentException("a card needs at least one reply", nameof(replies));
        var body = new List<CardElement>();
        IReadOnlyList<CardAction>? actions = null;
        for (var i = 0; i < replies.Count; i++)
        {
            var part = new Part(replies[i], i, actionKind, textLimit);
            var elements = part.Body();
            if (i > 0 && elements.Count > 0)
                elements[0] = elements[0] with { Separator = true, Spacing = "large" };
            body.AddRange(elements);
            if (part.Buttons.Count == 0)
                continue;
            // The last reply's buttons go in the card's action bar; earlier ones stay beside their reply.
            if (i == replies.Count - 1)
                actions = part.Buttons;
            else
                body.Add(new ActionSet(part.Buttons));
        }
        return new AdaptiveCard(body, actions);
    }

    /// <summary>One reply's share of the card: its body, and the buttons that go below it.</summary>
    private sealed class Part(Reply reply, int index, CardActionKind actionKind, int textLimit)
    {
        public List<CardAction> Buttons { get; } = [];

        public List<CardElement> Body()
        {
            if (reply.Recommendation is { } recommendation)
                return RecommendationBody(recommendation);
            if (reply.Kind == ReplyKind.Answer && reply.Passages.Count > 0)
                return AnswerBody();
            if (reply.Step is { } step)
                return StepBody(step);
            return OtherBody();
        }

        private List<CardElement> AnswerBody()
        {
            var body = new List<CardElement>();
            var heading = reply.Title ?? reply.Question;
            if (!string.IsNullOrWhiteSpace(heading))
                body.Add(Heading(heading, Math.Min(textLimit, 300)));
            if (!string.IsNullOrWhiteSpace(reply.Hedge))
                body.AddRange(CardText.Lines(reply.Hedge, textLimit));
            body.Add(Quote(reply.Passages[0].Passage, textLimit));
            var more = reply.Passages.Skip(1).ToList();
            if (more.Count > 0)
                Collapsed(body, "Show more", "Show less", "more", more.Select(passage => (CardElement)(Quote(passage.Passage, textLimit) with { Spacing = "medium" })).ToList());
            AddChoices(body, numbered: false);
            return body;
        }

        private List<CardElement> StepBody(FlowStepPrompt step)
        {
            var body = new List<CardElement>
            {
                new TextBlock(Escaped($"Question {step.Number} of {step.Count}")) { Size = "small", IsSubtle = true },
            };
            if (!string.IsNullOrWhiteSpace(step.Preface))
                body.AddRange(CardText.Lines(step.Preface, textLimit));
            body.Add(Heading(step.Question, textLimit) with { Spacing = string.IsNullOrWhiteSpace(step.Preface) ? "none" : "medium" });
            // The options are the first choices, in order: numbered rows, so "answer with a number" means something.
            AddChoices(body, numbered: true);
            body.Add(new TextBlock(Escaped(step.HowToAnswer)) { Size = "small", IsSubtle = true, Spacing = "medium" });
            return body;
        }

        private List<CardElement> RecommendationBody(Recommendation recommendation)
        {
            // The headline says "Recommendation: ..." itself, so the reply's title would say it twice.
            var body = new List<CardElement> { Heading(recommendation.Headline, textLimit) };
            var reasons = recommendation.Reasons.Select(reason => reason.Answer is null ? reason.Text : $"{reason.Text} (You said: {reason.Answer}.)").ToList();
            if (reasons.Count > 0)
            {
                body.Add(new TextBlock(Escaped("Why:")) { Weight = "bolder", Spacing = "medium" });
                body.AddRange(CardText.Blocks(string.Join('\n', reasons.Select((reason, i) => $"{i + 1}. {reason}")), textLimit));
            }
            var sources = recommendation.Reasons.Select(reason => reason.Passage)
                .Concat(reply.Passages.Select(passage => passage.Passage))
                .DistinctBy(passage => passage.Id)
                .ToList();
            if (sources.Count > 0)
                Collapsed(body, "Sources", "Hide sources", "sources", sources.Select(passage => (CardElement)(Quote(passage, textLimit) with { Spacing = "small" })).ToList());
            if (recommendation.WhatWouldChange.Count > 0)
                Collapsed(body, "What would change it", "Hide what would change it", "changes", CardText.Blocks(string.Join('\n', recommendation.WhatWouldChange.Select(change => "- " + change)), textLimit).ToList());
            AddChoices(body, numbered: false);
            return body;
        }

        private List<CardElement> OtherBody()
        {
            var body = new List<CardElement>();
            var text = WithoutRepeatedChoices(reply.Text, reply.Choices);
            if (!string.IsNullOrWhiteSpace(reply.Title) && !text.TrimStart().StartsWith(reply.Title, StringComparison.Ordinal))
                body.Add(Heading(reply.Title, textLimit));
            body.AddRange(CardText.Lines(text, textLimit));
            foreach (var passage in reply.Passages)
                body.Add(Quote(passage.Passage, textLimit) with { Spacing = "medium" });
            AddChoices(body, numbered: false);
            return body;
        }

        /// <summary>Elements behind a button that shows them: compact by default, all there when
        /// wanted. A button cannot change its own label, so there are two, each in the body where
        /// it applies: "Show more" above the hidden elements, "Show less" below them once shown;
        /// either swaps all three.</summary>
        private void Collapsed(List<CardElement> body, string showTitle, string hideTitle, string name, IReadOnlyList<CardElement> items)
        {
            var id = ElementId(name);
            var show = ElementId(name + "-show");
            var hide = ElementId(name + "-hide");
            string[] swapped = [id, show, hide];
            body.Add(new ActionSet([new ToggleVisibilityAction(showTitle, swapped)]) { Id = show, Spacing = "small" });
            body.Add(new Container(items) { Id = id, IsVisible = false, Spacing = "medium" });
            body.Add(new ActionSet([new ToggleVisibilityAction(hideTitle, swapped)]) { Id = hide, IsVisible = false, Spacing = "small" });
        }

        /// <summary>Choices with short labels become buttons; options of a flow step (numbered),
        /// suggested questions and choices whose labels a phone would cut become rows in the body.</summary>
        private void AddChoices(List<CardElement> body, bool numbered)
        {
            var number = 0;
            foreach (var choice in reply.Choices.Where(choice => !string.IsNullOrWhiteSpace(choice.Label) && !string.IsNullOrEmpty(choice.Value)))
            {
                var option = numbered && choice.Action is FlowAnswerAction;
                // Suggested questions read as a list of rows, all alike, however long each is.
                var question = choice.Action is AskAction;
                if (!option && !question && choice.Label.Trim().Length <= MaxButtonLabel)
                {
                    var title = Clip(choice.Label.Trim(), Math.Min(textLimit, 80));
                    Buttons.Add(choice.Action is RateAnswerAction { Helpful: false } ? WhyNotHelpful(choice, title) : Action(choice, title));
                    continue;
                }
                var label = option ? $"{++number}. {choice.Label.Trim()}" : choice.Label.Trim();
                body.Add(new Container([new TextBlock(Escaped(label)) { Color = "accent", Weight = "bolder" }])
                {
                    Style = "emphasis",
                    Spacing = "small",
                    SelectAction = Action(choice, Clip(choice.Label.Trim(), Math.Min(textLimit, 80))),
                });
            }
        }

        /// <summary>"Not helpful" opens a box for what was missing (optional) and a button that
        /// sends the rating with it; the words are kept with the feedback.</summary>
        private CardAction WhyNotHelpful(ReplyChoice choice, string title) =>
            new ShowCardAction(title, new AdaptiveCard(
                [new TextInput
                {
                    Id = CardActionData.CommentKey,
                    Label = "What were you looking for? (optional)",
                    IsMultiline = true,
                    MaxLength = CardActionData.MaxCommentLength,
                }],
                [Action(choice, "Send")]));

        private CardAction Action(ReplyChoice choice, string title)
        {
            var data = new CardActionData(choice.Value);
            CardAction action = actionKind == CardActionKind.Execute ? new ExecuteAction(title, ExecuteVerb, data) : new SubmitAction(title, data);
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

        /// <summary>Ids are unique within the card: several replies may be stacked in it.</summary>
        private string ElementId(string name) => $"{name}-{index.ToString(CultureInfo.InvariantCulture)}";

        private static TextBlock Heading(string text, int limit) => new(Plain(text, limit)) { Size = "medium", Weight = "bolder" };

        private string Escaped(string text) => Plain(text, textLimit);
    }

    /// <summary>
    /// The reply's text without the list that only repeats its buttons ("Try: - q1 - q2" above
    /// buttons q1 and q2), nor the line that leads into it: a card shows them once, as buttons.
    /// </summary>
    private static string WithoutRepeatedChoices(string text, IReadOnlyList<ReplyChoice> choices)
    {
        var labels = choices.Select(choice => choice.Label.Trim()).ToHashSet(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n").Split('\n').ToList();
        var end = lines.Count;
        while (end > 0 && lines[end - 1].Trim().Length == 0)
            end--;
        var start = end;
        while (start > 0 && lines[start - 1].TrimStart().StartsWith("- ", StringComparison.Ordinal) && labels.Contains(lines[start - 1].TrimStart()[2..].Trim()))
            start--;
        if (start == end)
            return text;
        if (start > 0 && lines[start - 1].TrimEnd().EndsWith(':'))
            start--;
        return string.Join('\n', lines.Take(start));
    }

    /// <summary>Reply text for a TextBlock: cut to the limit, then escaped, so it shows as written.</summary>
    private static string Plain(string text, int textLimit) => MarkdownText.Escape(Clip(text, textLimit));

    /// <summary>A passage as a quotation: its heading, its text (lists as lists, code as code), and
    /// where it comes from.</summary>
    private static Container Quote(Passage passage, int textLimit) =>
        new([
            new TextBlock(Plain(passage.Heading, Math.Min(textLimit, 300))) { Weight = "bolder" },
            .. CardText.Blocks(passage.Text, textLimit),
            new TextBlock(Clip(SourceLine(passage.Source), Math.Max(textLimit, 200))) { Size = "small", IsSubtle = true, Spacing = "small" },
        ])
        { Style = "emphasis" };

    /// <summary>The source line, the title a Markdown link where the URL is known; its text
    /// escaped by the same rule as every other TextBlock (<see cref="MarkdownText"/>).</summary>
    public static string SourceLine(Source source)
    {
        string? link = null;
        var line = Core.Conversation.SourceLine.Format(source, (title, url) => link =
            $"[{MarkdownText.Escape(title.Replace('[', '(').Replace(']', ')'))}]({url.Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal)})");
        if (link is null)
            return MarkdownText.Escape(line);
        var label = Core.Conversation.SourceLine.Label;
        return label + link + MarkdownText.Escape(line[(label.Length + link.Length)..]);
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
