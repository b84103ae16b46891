using System.Text.Json;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.BotFramework.Activities;

/// <summary>
/// The activities the bot sends back: addressed as the protocol wants (from = the inbound
/// recipient, recipient = the inbound sender, same conversation and channel, replying to the
/// inbound id), carrying the reply as an Adaptive Card plus its plain text for clients without
/// cards, and kept within what Teams accepts.
/// </summary>
public static class ReplyActivities
{
    /// <summary>Teams refuses messages over about 40 KB; this leaves room for what the connector adds.</summary>
    public const int MaxMessageBytes = 38 * 1024;

    private static readonly int[] TextLimits = [int.MaxValue, 1600, 800, 400, 200, 100, 50];

    /// <summary>The channel id of Microsoft Teams, whose messages get its native citations and feedback.</summary>
    public const string TeamsChannelId = "msteams";

    /// <summary>
    /// A message answering <paramref name="inbound"/> with <paramref name="replies"/> as one card.
    /// Elsewhere the reply's whole plain text goes with the card. In Teams, which shows a message's
    /// text above its card, the text is one short line (what notifications and previews show),
    /// and an answer's text names its passages with <c>[n]</c> markers that Teams turns into
    /// citations (the Message entity); and
    /// an answer gets Teams' own thumbs up and down (<c>feedbackLoopEnabled</c>) instead of the
    /// card's Helpful / Not helpful buttons.
    /// </summary>
    public static Activity Message(Activity inbound, IReadOnlyList<Reply> replies, CardActionKind actionKind, ChannelAccount? to = null)
    {
        var teams = inbound.ChannelId == TeamsChannelId;
        var plain = string.Join("\n\n", replies.Select(reply => reply.Text));
        var cited = teams ? replies.Where(reply => reply.Kind == ReplyKind.Answer).SelectMany(reply => reply.Passages).Select(passage => passage.Passage).ToList() : [];
        var shown = teams ? replies.Select(WithoutFeedbackButtons).ToList() : replies;
        var rated = teams && replies.Any(reply => reply.AnswerId is not null);
        Activity? activity = null;
        foreach (var limit in TextLimits)
        {
            var card = ReplyCardRenderer.Render(shown, actionKind, limit);
            activity = Addressed(inbound, ActivityTypes.Message, to) with
            {
                Text = teams ? TeamsText(replies, cited) : limit == int.MaxValue ? plain : ReplyCardRenderer.Clip(plain, limit * 4),
                TextFormat = teams ? null : "plain",
                Attachments = [new Attachment(AdaptiveCard.ContentType, card)],
                Entities = TeamsCitations.Entity(cited) is { } citations ? [citations] : null,
                ChannelData = rated ? new TeamsChannelData(FeedbackLoopEnabled: true) : null,
            };
            if (SizeOf(activity) <= MaxMessageBytes)
                return activity;
        }
        // Only an absurd number of buttons gets here; the text still says everything.
        return activity! with { Attachments = null, Entities = null, TextFormat = "plain", Text = ReplyCardRenderer.Clip(plain, MaxMessageBytes / 8) };
    }

    /// <summary>Longest summary of a reply in a Teams message's text: what a notification or a chat
    /// list's preview shows, which would otherwise say only "sent a card".</summary>
    public const int MaxSummaryLength = 200;

    /// <summary>The text of a Teams message: an answer names its cited passages; every other reply
    /// (a flow step, a decline, the welcome, a recommendation) says in one short line what its card
    /// is about.</summary>
    private static string? TeamsText(IReadOnlyList<Reply> replies, IReadOnlyList<Passage> cited)
    {
        var parts = replies.Where(reply => reply.Kind != ReplyKind.Answer || reply.Passages.Count == 0)
            .Select(Summary)
            .Append(CitingText(cited))
            .Where(part => !string.IsNullOrWhiteSpace(part))
            .ToList();
        return parts.Count > 0 ? string.Join("\n\n", parts) : null;
    }

    /// <summary>A reply in one plain line: a recommendation's headline, a step's question with its
    /// number, or the first line of the reply's text.</summary>
    private static string Summary(Reply reply)
    {
        var line = reply.Recommendation?.Headline
            ?? (reply.Step is { } step ? $"Question {step.Number} of {step.Count}: {step.Question}" : null)
            ?? reply.Text.Replace("\r\n", "\n").Split('\n').Select(text => text.Trim()).FirstOrDefault(text => text.Length > 0)
            ?? reply.Title
            ?? "";
        return MarkdownText.Escape(ReplyCardRenderer.Clip(line, MaxSummaryLength));
    }

    /// <summary>An answer's text in Teams: each passage the card quotes, by name, with its citation
    /// marker; the passages themselves are in the card, so nothing is said twice. Null without passages.</summary>
    private static string? CitingText(IReadOnlyList<Passage> passages)
    {
        var cited = passages.Take(TeamsCitations.MaxCitations).ToList();
        if (cited.Count == 0)
            return null;
        var names = TeamsCitations.Names(cited);
        string Named(int i) => $"{MarkdownText.Escape(names[i])} {TeamsCitations.Marker(i + 1)}";
        var text = $"From the articles: {Named(0)}";
        return cited.Count == 1 ? text : $"{text}. Also relevant: {string.Join("; ", cited.Skip(1).Select((_, i) => Named(i + 1)))}";
    }

    /// <summary>Teams rates answers with its own controls; the card's feedback buttons would say it twice.</summary>
    private static Reply WithoutFeedbackButtons(Reply reply) =>
        reply.AnswerId is null ? reply : reply with { Choices = reply.Choices.Where(choice => choice.Action is not RateAnswerAction).ToList() };

    /// <summary>The card for an invoke response, within the same size limit as a message.</summary>
    public static AdaptiveCard InvokeCard(IReadOnlyList<Reply> replies)
    {
        AdaptiveCard? card = null;
        foreach (var limit in TextLimits)
        {
            card = ReplyCardRenderer.Render(replies, CardActionKind.Execute, limit);
            if (JsonSerializer.SerializeToUtf8Bytes(card, ActivityJson.Options).Length <= MaxMessageBytes)
                return card;
        }
        return card! with { Actions = card.Actions?.Take(6).ToList() };
    }

    public static Activity Typing(Activity inbound) => Addressed(inbound, ActivityTypes.Typing, to: null);

    public static int SizeOf(Activity activity) => JsonSerializer.SerializeToUtf8Bytes(activity, ActivityJson.Options).Length;

    private static Activity Addressed(Activity inbound, string type, ChannelAccount? to) => new()
    {
        Type = type,
        ServiceUrl = inbound.ServiceUrl,
        ChannelId = inbound.ChannelId,
        Conversation = inbound.Conversation,
        From = inbound.Recipient,
        Recipient = to ?? inbound.From,
        ReplyToId = inbound.Id,
        Locale = inbound.Locale,
    };
}

/// <summary>Teams' own fields on a message: its thumbs up and down under an answer.</summary>
public sealed record TeamsChannelData(bool FeedbackLoopEnabled);
