using System.Text.Json;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.Core.Conversation;

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

    /// <summary>A message answering <paramref name="inbound"/> with <paramref name="replies"/> as one card.</summary>
    public static Activity Message(Activity inbound, IReadOnlyList<Reply> replies, CardActionKind actionKind, ChannelAccount? to = null)
    {
        var text = string.Join("\n\n", replies.Select(reply => reply.Text));
        Activity? activity = null;
        foreach (var limit in TextLimits)
        {
            var card = ReplyCardRenderer.Render(replies, actionKind, limit);
            activity = Addressed(inbound, ActivityTypes.Message, to) with
            {
                Text = limit == int.MaxValue ? text : ReplyCardRenderer.Clip(text, limit * 4),
                TextFormat = "plain",
                Attachments = [new Attachment(AdaptiveCard.ContentType, card)],
            };
            if (SizeOf(activity) <= MaxMessageBytes)
                return activity;
        }
        // Only an absurd number of buttons gets here; the text still says everything.
        return activity! with { Attachments = null, Text = ReplyCardRenderer.Clip(text, MaxMessageBytes / 8) };
    }

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
