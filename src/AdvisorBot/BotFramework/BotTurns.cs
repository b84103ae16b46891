using System.Text.Json;
using AdvisorBot.BotFramework.Activities;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.BotFramework.Connector;
using AdvisorBot.BotFramework.Teams;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Feedback;
using AdvisorBot.Turns;

namespace AdvisorBot.BotFramework;

/// <summary>
/// The Bot Framework adapter's turns, each an <see cref="InboundMessage"/> run by the one
/// <see cref="TurnRunner"/>: a message (typed text or a card submit) is answered through the
/// connector, one card per reply; each member joining is welcomed; a card's Action.Execute is
/// answered with a card in the HTTP response itself.
/// </summary>
public sealed class BotTurns(TurnRunner runner, ConnectorClient connector, FeedbackStore feedback, ILogger<BotTurns> logger)
{
    public const string CardActionInvokeName = "adaptiveCard/action";

    /// <summary>
    /// Teams' thumbs up or down on an answer, with the reason typed: stored with the answer shown in
    /// the message rated (<c>replyToId</c>), in the feedback store every channel shares. Returns
    /// why the invoke cannot be read, or null once handled. Feedback on a message that showed no
    /// answer the bot knows of is logged and otherwise ignored: Teams shows the person an error
    /// for anything but 200, and there is nothing they could do about it.
    /// </summary>
    public async Task<string?> OnFeedbackAsync(Activity activity, CancellationToken cancellationToken)
    {
        var (rating, problem) = TeamsFeedback.Read(activity.Value);
        if (rating is null)
            return problem;
        if (string.IsNullOrWhiteSpace(activity.ReplyToId))
            return "replyToId is missing: it names the message rated.";
        var answer = await feedback.FindAnswerByMessageAsync(activity.ChannelId!, activity.ReplyToId, cancellationToken);
        if (answer is null || !await feedback.RecordFeedbackAsync(answer.Id, passageId: null, rating.Helpful, rating.Text, activity.ChannelId!, activity.From!.Id, cancellationToken))
        {
            logger.LogWarning("Feedback from {UserId} on message {MessageId} in conversation {ConversationId}: no answer of the bot is known in that message; nothing recorded",
                activity.From!.Id, activity.ReplyToId, activity.Conversation!.Id);
            return null;
        }
        logger.LogInformation("Feedback ({Reaction}) on answer {AnswerId} recorded from Teams message {MessageId}", rating.Helpful ? "like" : "dislike", answer.Id, activity.ReplyToId);
        return null;
    }

    /// <summary>A message (typed text or a card submit), answered through the connector. When the
    /// replies cannot all be delivered, the result holds them, with how many went out, for the
    /// channel's retry to deliver (<see cref="ResendAsync"/>).</summary>
    public async Task<ConnectorDelivery> OnMessageAsync(Activity activity, CancellationToken cancellationToken)
    {
        var replies = new ConnectorReplies(connector, feedback, activity, to: null);
        var inbound = ToInbound(activity, CardActionValue.Decode(CardActionValue.FromSubmit(activity.Value))) with { Comment = CardActionValue.CommentFromSubmit(activity.Value) };
        await runner.RunAsync(inbound, replies, cancellationToken);
        return replies.Result;
    }

    /// <summary>The channel's retry of a message answered before but not wholly delivered: the
    /// replies recorded then, from the first that did not go out. The turn is not run again.</summary>
    public async Task<ConnectorDelivery> ResendAsync(Activity activity, UndeliveredReplies recorded, CancellationToken cancellationToken)
    {
        logger.LogInformation("Activity {ActivityId} in conversation {ConversationId} was answered before but not delivered; delivering the {Count} replies left",
            activity.Id, activity.Conversation!.Id, recorded.Replies.Count - recorded.Delivered);
        var replies = new ConnectorReplies(connector, feedback, activity, to: null);
        await replies.DeliverAsync(recorded, cancellationToken);
        return replies.Result;
    }

    /// <summary>Welcomes each member joining (not the bot itself). False when a welcome could not be delivered.</summary>
    public async Task<bool> OnConversationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        var delivered = true;
        foreach (var member in activity.MembersAdded ?? [])
        {
            // The bot itself is among the members added when it is installed; it does not greet itself.
            if (string.IsNullOrEmpty(member.Id) || member.Id == activity.Recipient?.Id)
                continue;
            var joined = new InboundMessage(activity.ChannelId!, activity.Conversation!.Id!, member.Id, Text: null, UserName: member.Name)
            {
                Kind = InboundKind.Joined,
                Id = activity.Id,
            };
            var outcome = await runner.RunAsync(joined, new ConnectorReplies(connector, feedback, activity, to: member), cancellationToken);
            delivered &= outcome.Delivered;
        }
        return delivered;
    }

    /// <summary>An <c>adaptiveCard/action</c> invoke: the card that replaces the clicked one.</summary>
    public async Task<InvokeResponse> OnCardActionAsync(Activity activity, CancellationToken cancellationToken)
    {
        var action = CardActionValue.FromInvoke(activity.Value);
        if (action is null)
            return InvokeResponse.Error(StatusCodes.Status400BadRequest, "BadRequest", $"value.action.data.{CardActionValue.Key} is missing: not a button of this bot");
        var replies = new InvokeReplies();
        await runner.RunAsync(ToInbound(activity, CardActionValue.Decode(action)), replies, cancellationToken);
        return replies.Card is { } card
            ? InvokeResponse.Card(card)
            : InvokeResponse.Error(StatusCodes.Status500InternalServerError, "InternalError", "The bot had no reply to give.");
    }

    private static InboundMessage ToInbound(Activity activity, ReplyAction? action) =>
        new(activity.ChannelId!, activity.Conversation!.Id!, activity.From!.Id!, MessageText.Clean(activity), action, activity.From.Name) { Id = activity.Id };

    /// <summary>Replies through the connector, one message with a card each; typing while working.
    /// They are rendered first, so what could not be delivered can be recorded as it was.</summary>
    private sealed class ConnectorReplies(ConnectorClient connector, FeedbackStore feedback, Activity inbound, ChannelAccount? to) : IReplySender
    {
        public ConnectorDelivery Result { get; private set; } = ConnectorDelivery.Done;

        public Task ShowWorkingAsync(CancellationToken cancellationToken) =>
            connector.SendAsync(ReplyActivities.Typing(inbound), cancellationToken, retry: false);

        public Task<Delivery> SendAsync(IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            var rendered = replies.Select(reply => new RenderedReply(ReplyActivities.Message(inbound, [reply], CardActionKind.Submit, to), reply.AnswerId)).ToList();
            return DeliverAsync(new UndeliveredReplies(rendered, Delivered: 0), cancellationToken);
        }

        public async Task<Delivery> DeliverAsync(UndeliveredReplies replies, CancellationToken cancellationToken)
        {
            for (var next = replies.Delivered; next < replies.Replies.Count; next++)
            {
                var reply = replies.Replies[next];
                var sent = await connector.SendAsync(reply.Activity, cancellationToken);
                if (!sent.Succeeded)
                {
                    Result = new ConnectorDelivery(replies with { Delivered = next }, sent.Failure);
                    return Delivery.Failed(sent.Failure!);
                }
                // Teams' own feedback names the message rated; remember which answer it showed.
                if (reply.AnswerId is not null && sent.ActivityId is not null)
                    await feedback.RecordAnswerMessageAsync(inbound.ChannelId!, sent.ActivityId, reply.AnswerId, cancellationToken);
            }
            Result = ConnectorDelivery.Done;
            return Delivery.Done;
        }
    }

    /// <summary>Replies as the one card of an invoke response; an invoke shows no typing.</summary>
    private sealed class InvokeReplies : IReplySender
    {
        public AdaptiveCard? Card { get; private set; }

        public Task ShowWorkingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<Delivery> SendAsync(IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            if (replies.Count > 0)
                Card = ReplyActivities.InvokeCard(replies);
            return Task.FromResult(Delivery.Done);
        }
    }
}

/// <summary>One reply as rendered for the connector, with the answer it shows (for Teams' feedback).</summary>
public sealed record RenderedReply(Activity Activity, string? AnswerId);

/// <summary>A turn's rendered replies and how many of them the connector accepted, in order.
/// Recorded with the activity's claim when they did not all go out.</summary>
public sealed record UndeliveredReplies(IReadOnlyList<RenderedReply> Replies, int Delivered)
{
    public string ToJson() => JsonSerializer.Serialize(Replies, ActivityJson.Options);

    public static UndeliveredReplies FromJson(string json, int delivered) =>
        new(JsonSerializer.Deserialize<List<RenderedReply>>(json, ActivityJson.Options) ?? throw new InvalidDataException("no recorded replies"), delivered);
}

/// <summary>Whether a message's replies all reached the connector; when not, what is left and why.</summary>
public sealed record ConnectorDelivery(UndeliveredReplies? Undelivered, string? Failure)
{
    public static readonly ConnectorDelivery Done = new(null, null);

    public bool Delivered => Undelivered is null;
}

/// <summary>The body of an invoke response, as Universal Actions defines it.</summary>
public sealed record InvokeResponse(int StatusCode, string Type, object Value)
{
    public static InvokeResponse Card(AdaptiveCard card) => new(StatusCodes.Status200OK, AdaptiveCard.ContentType, card);

    public static InvokeResponse Error(int status, string code, string message) =>
        new(status, "application/vnd.microsoft.error", new { code, message });
}
