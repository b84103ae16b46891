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
    public string? OnFeedback(Activity activity)
    {
        var (rating, problem) = TeamsFeedback.Read(activity.Value);
        if (rating is null)
            return problem;
        if (string.IsNullOrWhiteSpace(activity.ReplyToId))
            return "replyToId is missing: it names the message rated.";
        var answer = feedback.FindAnswerByMessage(activity.ChannelId!, activity.ReplyToId);
        if (answer is null || !feedback.RecordFeedback(answer.Id, passageId: null, rating.Helpful, rating.Text, activity.ChannelId!, activity.From!.Id))
        {
            logger.LogWarning("Feedback from {UserId} on message {MessageId} in conversation {ConversationId}: no answer of the bot is known in that message; nothing recorded",
                activity.From!.Id, activity.ReplyToId, activity.Conversation!.Id);
            return null;
        }
        logger.LogInformation("Feedback ({Reaction}) on answer {AnswerId} recorded from Teams message {MessageId}", rating.Helpful ? "like" : "dislike", answer.Id, activity.ReplyToId);
        return null;
    }

    public Task OnMessageAsync(Activity activity, CancellationToken cancellationToken) =>
        runner.RunAsync(ToInbound(activity, CardActionValue.FromSubmit(activity.Value)) with { Comment = CardActionValue.CommentFromSubmit(activity.Value) }, new ConnectorReplies(connector, feedback, activity, to: null), cancellationToken);

    public async Task OnConversationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
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
            await runner.RunAsync(joined, new ConnectorReplies(connector, feedback, activity, to: member), cancellationToken);
        }
    }

    /// <summary>An <c>adaptiveCard/action</c> invoke: the card that replaces the clicked one.</summary>
    public async Task<InvokeResponse> OnCardActionAsync(Activity activity, CancellationToken cancellationToken)
    {
        var action = CardActionValue.FromInvoke(activity.Value);
        if (action is null)
            return InvokeResponse.Error(StatusCodes.Status400BadRequest, "BadRequest", $"value.action.data.{CardActionValue.Key} is missing: not a button of this bot");
        var replies = new InvokeReplies();
        await runner.RunAsync(ToInbound(activity, action), replies, cancellationToken);
        return replies.Card is { } card
            ? InvokeResponse.Card(card)
            : InvokeResponse.Error(StatusCodes.Status500InternalServerError, "InternalError", "The bot had no reply to give.");
    }

    private static InboundMessage ToInbound(Activity activity, string? action) =>
        new(activity.ChannelId!, activity.Conversation!.Id!, activity.From!.Id!, MessageText.Clean(activity), action, activity.From.Name) { Id = activity.Id };

    /// <summary>Replies through the connector, one message with a card each; typing while working.</summary>
    private sealed class ConnectorReplies(ConnectorClient connector, FeedbackStore feedback, Activity inbound, ChannelAccount? to) : IReplySender
    {
        public Task ShowWorkingAsync(CancellationToken cancellationToken) =>
            connector.SendAsync(ReplyActivities.Typing(inbound), cancellationToken, retry: false);

        public async Task SendAsync(IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            foreach (var reply in replies)
            {
                var sent = await connector.SendAsync(ReplyActivities.Message(inbound, [reply], CardActionKind.Submit, to), cancellationToken);
                // Teams' own feedback names the message rated; remember which answer it showed.
                if (reply.AnswerId is not null && sent.ActivityId is not null)
                    feedback.RecordAnswerMessage(inbound.ChannelId!, sent.ActivityId, reply.AnswerId);
            }
        }
    }

    /// <summary>Replies as the one card of an invoke response; an invoke shows no typing.</summary>
    private sealed class InvokeReplies : IReplySender
    {
        public AdaptiveCard? Card { get; private set; }

        public Task ShowWorkingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendAsync(IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            if (replies.Count > 0)
                Card = ReplyActivities.InvokeCard(replies);
            return Task.CompletedTask;
        }
    }
}

/// <summary>The body of an invoke response, as Universal Actions defines it.</summary>
public sealed record InvokeResponse(int StatusCode, string Type, object Value)
{
    public static InvokeResponse Card(AdaptiveCard card) => new(StatusCodes.Status200OK, AdaptiveCard.ContentType, card);

    public static InvokeResponse Error(int status, string code, string message) =>
        new(status, "application/vnd.microsoft.error", new { code, message });
}
