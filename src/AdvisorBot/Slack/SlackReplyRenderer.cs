using System.Globalization;
using System.Text;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Slack;

/// <summary>
/// Renders the engine's channel-neutral replies as one Slack message: quoted passages with their
/// sources, a recommendation with the passage behind each reason, the choices as buttons, and the
/// reply's plain text as the fallback. Everything is escaped and cut to Block Kit's limits, so
/// Slack never refuses a message for its size. This is the one place that makes reply text safe
/// for Slack: a reply's own text is plain and may hold what a person typed, so it goes into
/// <c>plain_text</c> objects (Slack applies no formatting there: a typed <c>*bold*</c>, link or
/// mention shows as written) with Slack's three control characters escaped; mrkdwn carries only
/// what the renderer builds itself around the articles' passages and sources.
/// </summary>
public static class SlackReplyRenderer
{
    public const int MaxBlocks = 50;
    public const int MaxSectionText = 3000;
    public const int MaxHeaderText = 150;
    public const int MaxButtonText = 75;
    public const int MaxButtonValue = 2000;
    public const int MaxActionsElements = 25;

    /// <summary>Slack truncates longer top-level text; it is only the fallback here.</summary>
    public const int MaxFallbackText = 4000;

    public static SlackMessage Render(Reply reply) => Render([reply]);

    /// <summary>The channel message a /choose-framework thread hangs from: who is choosing, and
    /// that the questions are in the thread (a mention, so Slack shows it as the person's name).</summary>
    public static SlackMessage FlowThreadStarter(string userId)
    {
        var text = $"<@{SlackText.Escape(userId)}> is choosing a framework with me: the questions are in this thread.";
        return new SlackMessage(text, [new SectionBlock(TextObject.Mrkdwn(text), "flow-thread")]);
    }

    /// <summary>All replies of one turn in one message, divided, so a turn is one message to update.</summary>
    public static SlackMessage Render(IReadOnlyList<Reply> replies)
    {
        var blocks = new List<Block>();
        for (var r = 0; r < replies.Count; r++)
        {
            if (r > 0)
                blocks.Add(new DividerBlock());
            blocks.AddRange(ReplyBlocks(replies[r], r));
        }
        var text = string.Join("\n\n", replies.Select(reply => reply.Text.Trim()).Where(part => part.Length > 0));
        return new SlackMessage(SlackText.EscapeAndTruncate(text.Length > 0 ? text : "(no text)", MaxFallbackText), Fit(blocks));
    }

    private static IEnumerable<Block> ReplyBlocks(Reply reply, int r)
    {
        // A recommendation's headline says "Recommendation: ..." itself: it is the header, said once.
        var title = (reply.Recommendation?.Headline ?? reply.Title)?.Trim();
        var text = reply.Text.Trim();
        if (!string.IsNullOrEmpty(title) && (reply.Recommendation is not null || !text.Contains(title, StringComparison.Ordinal)))
            yield return new HeaderBlock(TextObject.Plain(SlackText.EscapeAndTruncate(title, MaxHeaderText)), reply.Recommendation is null ? $"title-{r}" : "recommendation");

        if (reply.Recommendation is { } recommendation)
        {
            foreach (var block in RecommendationBlocks(recommendation, r))
                yield return block;
        }
        else if (reply.Kind == ReplyKind.Answer && reply.Passages.Count > 0)
        {
            // The plain text is the passages again; the blocks quote them properly instead, and
            // name their articles once, as links, under them.
            if (!string.IsNullOrWhiteSpace(reply.Hedge))
                yield return ProseSection(reply.Hedge, $"hedge-{r}");
            var passages = reply.Passages.Select(passage => passage.Passage).ToList();
            for (var i = 0; i < passages.Count; i++)
                yield return PassageSection(passages[i], i == 0 ? null : "Also:", $"passage-{r}-{i}");
            yield return SourcesContext(passages.Select(passage => passage.Source), $"sources-{r}");
        }
        else
        {
            if (text.Length > 0)
                yield return ProseSection(text, $"text-{r}");
            for (var i = 0; i < reply.Passages.Count; i++)
            {
                var passage = reply.Passages[i].Passage;
                yield return PassageSection(passage, null, $"passage-{r}-{i}");
                yield return SourceContext(passage.Source, $"source-{r}-{i}");
            }
        }

        // An answer is rated with Slack's own feedback buttons; its other choices stay buttons.
        var helpful = reply.Choices.FirstOrDefault(choice => choice.Action is RateAnswerAction { Helpful: true });
        var unhelpful = reply.Choices.FirstOrDefault(choice => choice.Action is RateAnswerAction { Helpful: false });
        var rated = helpful is not null && unhelpful is not null;
        foreach (var block in ActionBlocks(rated ? reply.Choices.Where(choice => choice != helpful && choice != unhelpful).ToList() : reply.Choices, r))
            yield return block;
        if (rated)
            yield return FeedbackBlock(helpful!, unhelpful!, r);
    }

    /// <summary>The feedback buttons under an answer: the values are the choices' own, so a click
    /// is recorded as every channel's Helpful / Not helpful is.</summary>
    private static ContextActionsBlock FeedbackBlock(ReplyChoice helpful, ReplyChoice unhelpful, int r) =>
        new([new FeedbackButtonsElement(
            $"feedback-{r}",
            new FeedbackButton(TextObject.Plain(SlackText.EscapeAndTruncate(helpful.Label, MaxButtonText)), SlackText.TruncateRaw(helpful.Value, MaxButtonValue), "This answer helped"),
            new FeedbackButton(TextObject.Plain(SlackText.EscapeAndTruncate(unhelpful.Label, MaxButtonText)), SlackText.TruncateRaw(unhelpful.Value, MaxButtonValue), "This answer did not help"))],
            $"feedback-{r}");

    /// <summary>"Sources:" and each article once on a line of its own ("• &lt;url|Title&gt;"), a link
    /// where its URL is known: titles hold commas, full stops and colons of their own, so a list
    /// joined with ", " would not show where one ends and the next begins.</summary>
    private static ContextBlock SourcesContext(IEnumerable<Source> sources, string blockId)
    {
        var named = sources.DistinctBy(source => source.Title).Select(source => "• " + (SlackText.Link(source.Url, source.Title) ?? SlackText.Escape(source.Title)));
        return new ContextBlock([TextObject.Mrkdwn(SlackText.TruncateEscaped(SourcesLabel + "\n" + string.Join("\n", named), MaxSectionText))], blockId);
    }

    /// <summary>The first line of the sources under an answer.</summary>
    public const string SourcesLabel = "Sources:";

    private static IEnumerable<Block> RecommendationBlocks(Recommendation recommendation, int r)
    {
        for (var i = 0; i < recommendation.Reasons.Count; i++)
        {
            var reason = recommendation.Reasons[i];
            var lead = $"{(i + 1).ToString(CultureInfo.InvariantCulture)}. {reason.Text}";
            yield return PassageSection(reason.Passage, lead, $"reason-{r}-{i}");
            yield return SourceContext(reason.Passage.Source, $"reason-source-{r}-{i}");
        }
        if (recommendation.WhatWouldChange.Count > 0)
        {
            var changes = new StringBuilder("*What would change it*");
            foreach (var change in recommendation.WhatWouldChange)
                changes.Append("\n• ").Append(SlackText.Escape(change));
            yield return Section(changes.ToString(), "what-would-change");
        }
    }

    /// <summary>A passage as a quote under its heading, with an optional bold lead line.</summary>
    private static SectionBlock PassageSection(Passage passage, string? lead, string blockId)
    {
        var headings = string.Join(" > ", passage.SectionHeadings);
        var mrkdwn = new StringBuilder();
        if (lead is not null)
            mrkdwn.Append('*').Append(SlackText.Escape(lead)).Append("*\n");
        mrkdwn.Append('*').Append(SlackText.Escape(headings.Length > 0 ? headings : passage.Heading)).Append("*\n");
        mrkdwn.Append(Quote(passage.Text));
        return Section(mrkdwn.ToString(), blockId);
    }

    /// <summary>Escaped text as an mrkdwn block quote: every line starts with a literal '>'.</summary>
    private static string Quote(string text) =>
        string.Join('\n', SlackText.Escape(text.Trim()).Split('\n').Select(line => "> " + line.TrimEnd('\r')));

    private static ContextBlock SourceContext(Source source, string blockId)
    {
        var link = SlackText.Link(source.Url, "Read the article");
        // Keep room for the link; a link too long to fit is left out rather than cut.
        if (link is not null && link.Length > MaxSectionText / 2)
            link = null;
        var room = MaxSectionText - (link is null ? 0 : link.Length + 3);
        var line = SlackText.EscapeAndTruncate(SourceLine.Label + source.Describe(), room);
        return new ContextBlock([TextObject.Mrkdwn(link is null ? line : $"{line} · {link}")], blockId);
    }

    /// <summary>Plain text of a reply (which may quote the person) as it was written.</summary>
    private static SectionBlock ProseSection(string text, string blockId) =>
        new(TextObject.Plain(SlackText.EscapeAndTruncate(text, MaxSectionText)), blockId);

    private static SectionBlock Section(string mrkdwn, string blockId) =>
        new(TextObject.Mrkdwn(SlackText.TruncateEscaped(mrkdwn, MaxSectionText)), blockId);

    /// <summary>Buttons, 25 to an actions block. Each has its own action_id within the message;
    /// the value is the choice's value, which comes back when it is clicked.</summary>
    private static IEnumerable<ActionsBlock> ActionBlocks(IReadOnlyList<ReplyChoice> choices, int r)
    {
        var buttons = choices
            .Select((choice, c) => (choice, c))
            .Where(item => !string.IsNullOrWhiteSpace(item.choice.Label) && !string.IsNullOrEmpty(item.choice.Value))
            .Select(item => new ButtonElement(
                TextObject.Plain(SlackText.EscapeAndTruncate(item.choice.Label.Trim(), MaxButtonText)),
                $"choice-{r}-{item.c}",
                SlackText.TruncateRaw(item.choice.Value, MaxButtonValue),
                item.choice.Style switch
                {
                    ChoiceStyle.Primary => "primary",
                    ChoiceStyle.Danger => "danger",
                    _ => null,
                }))
            .ToList();
        return buttons.Chunk(MaxActionsElements).Select((chunk, i) => new ActionsBlock(chunk, $"actions-{r}-{i}"));
    }

    /// <summary>At most 50 blocks: content is dropped from the end first, so the buttons that
    /// carry the conversation on survive.</summary>
    private static List<Block> Fit(List<Block> blocks)
    {
        while (blocks.Count > MaxBlocks)
        {
            var last = blocks.FindLastIndex(block => block is not ActionsBlock);
            blocks.RemoveAt(last >= 0 ? last : blocks.Count - 1);
        }
        return blocks;
    }
}
