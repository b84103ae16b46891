using System.Text.Json;
using AdvisorBot.BotFramework.Activities;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Turns;

namespace AdvisorBot.DirectLine;

/// <summary>
/// The bot's side of a Direct Line conversation: a person's message becomes an
/// <see cref="InboundMessage"/> run by the one <see cref="TurnRunner"/>, exactly as from Teams, and
/// each reply is added to the conversation as a message with the same Adaptive Card Teams shows
/// (Action.Submit buttons, which Web Chat sends back as the message's <c>value</c>). A new
/// conversation, or members added to one, get the welcome.
/// </summary>
public sealed class DirectLineBot(TurnRunner runner, TimeProvider time)
{
    /// <summary>The channel id of the desk page's conversations, in activities and in the feedback store.</summary>
    public const string ChannelId = "webchat";

    public static readonly ChannelAccount Bot = new("advisorbot", "AdvisorBot") { Role = "bot" };

    /// <summary>Adds the welcome to a conversation just started, or for a member added to it.</summary>
    public Task WelcomeAsync(DirectLineConversation conversation, CancellationToken cancellationToken, string? userName = null, string? userId = null)
    {
        var user = new ChannelAccount(userId ?? conversation.UserId, userName) { Role = "user" };
        var joined = new InboundMessage(ChannelId, conversation.Id, user.Id!, Text: null, UserName: userName) { Kind = InboundKind.Joined };
        return runner.RunAsync(joined, new ConversationReplies(conversation, Inbound(conversation, activityId: null, user, locale: null), time), cancellationToken);
    }

    /// <summary>
    /// One turn: the person's message (already checked and echoed with <paramref name="activityId"/>)
    /// through the turn runner; the replies are added to the conversation before this returns, so a
    /// client polling after its post returned sees them.
    /// </summary>
    public Task OnMessageAsync(DirectLineConversation conversation, string activityId, UserMessage message, CancellationToken cancellationToken)
    {
        var turn = new InboundMessage(ChannelId, conversation.Id, conversation.UserId, message.Text, message.Action, message.From.Name) { Id = activityId, Comment = message.Comment };
        return runner.RunAsync(turn, new ConversationReplies(conversation, Inbound(conversation, activityId, message.From, message.Locale), time), cancellationToken);
    }

    private static Activity Inbound(DirectLineConversation conversation, string? activityId, ChannelAccount from, string? locale) => new()
    {
        Type = ActivityTypes.Message,
        Id = activityId,
        ChannelId = ChannelId,
        Conversation = new ConversationAccount(conversation.Id),
        From = from,
        Recipient = Bot,
        Locale = locale,
    };

    /// <summary>Replies added to the conversation for the client's next poll; typing while working.</summary>
    private sealed class ConversationReplies(DirectLineConversation conversation, Activity inbound, TimeProvider time) : IReplySender
    {
        public Task ShowWorkingAsync(CancellationToken cancellationToken) => AppendAsync(ReplyActivities.Typing(inbound), cancellationToken);

        /// <summary>Adding to the conversation is a database write: one that fails throws, and the
        /// person's post gets a 5xx instead of a reply that never shows.</summary>
        public async Task<Delivery> SendAsync(IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            foreach (var reply in replies)
            {
                // Every reply keeps its whole plain text, which is what a screen reader reads out; the
                // desk page shows a reply that has a card by its card alone (desk.js), never twice.
                var activity = ReplyActivities.Message(inbound, [reply], CardActionKind.Submit);
                if (reply.NextSteps.Count > 0)
                    activity = activity with { SuggestedActions = new SuggestedActions(reply.NextSteps.Select(Suggested).ToList()) };
                await AppendAsync(activity, cancellationToken);
            }
            return Delivery.Done;
        }

        /// <summary>Web Chat shows at most a few suggested actions in a row; labels stay as the reply has them.</summary>
        private static SuggestedAction Suggested(ReplyChoice step) =>
            new("messageBack", step.Label, new CardActionData(step.Value), DisplayText: step.Label);

        private Task AppendAsync(Activity activity, CancellationToken cancellationToken) =>
            conversation.AppendAsync(JsonSerializer.SerializeToNode(activity, ActivityJson.Options)!.AsObject(), time.GetUtcNow(), cancellationToken);
    }
}

/// <summary>A person's message as read from a posted activity: typed text, or the button clicked.</summary>
public sealed record UserMessage(ChannelAccount From, string? Text, ReplyAction? Action, string? Locale)
{
    /// <summary>Words typed into the card with the click (why an answer did not help).</summary>
    public string? Comment { get; init; }
}
