using System.Text.Json;
using System.Text.Json.Nodes;
using AdvisorBot.BotFramework.Activities;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.Core.Conversation;

namespace AdvisorBot.DirectLine;

/// <summary>
/// The bot's side of a Direct Line conversation: a person's message goes to the conversation
/// engine, exactly as from Teams, and each reply is added to the conversation as a message with
/// the same Adaptive Card Teams shows (Action.Submit buttons, which Web Chat sends back as the
/// message's <c>value</c>). A new conversation, or members added to one, get the welcome.
/// </summary>
public sealed class DirectLineBot(ConversationEngine engine, TimeProvider time, ILogger<DirectLineBot> logger)
{
    /// <summary>The channel id of the desk page's conversations, in activities and in the feedback store.</summary>
    public const string ChannelId = "webchat";

    public static readonly ChannelAccount Bot = new("advisorbot", "AdvisorBot") { Role = "bot" };

    /// <summary>Adds the welcome to a conversation just started.</summary>
    public void Welcome(DirectLineConversation conversation, string? userName = null, string? userId = null)
    {
        var inbound = Inbound(conversation, activityId: null, new ChannelAccount(userId ?? conversation.UserId, userName) { Role = "user" }, locale: null);
        Add(conversation, inbound, [engine.Welcome(userName)]);
    }

    /// <summary>
    /// One turn: the person's message (already checked and echoed with <paramref name="activityId"/>)
    /// through the engine; the replies are added to the conversation before this returns, so a
    /// client polling after its post returned sees them.
    /// </summary>
    public async Task OnMessageAsync(DirectLineConversation conversation, string activityId, UserMessage message, CancellationToken cancellationToken)
    {
        var inbound = Inbound(conversation, activityId, message.From, message.Locale);
        var turn = new InboundMessage(ChannelId, conversation.Id, conversation.UserId, message.Text, message.Action, message.From.Name);
        IReadOnlyList<Reply> replies;
        try
        {
            replies = await engine.HandleAsync(turn, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Turn for Direct Line activity {ActivityId} in conversation {ConversationId} failed", activityId, conversation.Id);
            replies = [new Reply { Kind = ReplyKind.Notice, Text = "Sorry, something went wrong while answering that. Please try again." }];
        }
        Add(conversation, inbound, replies);
    }

    private void Add(DirectLineConversation conversation, Activity inbound, IReadOnlyList<Reply> replies)
    {
        foreach (var reply in replies)
        {
            // The question heads an answer's card, and it is the person's own text.
            var shown = reply.Question is { } question ? reply with { Question = MarkdownText.Escape(question) } : reply;
            var activity = ReplyActivities.Message(inbound, [shown], CardActionKind.Submit);
            // Web Chat would show the plain-text fallback as a second bubble above the card that
            // already says all of it; the text stays only when there is no card.
            if (activity.Attachments is { Count: > 0 })
                activity = activity with { Text = null, TextFormat = null };
            var json = JsonSerializer.SerializeToNode(activity, ActivityJson.Options)!.AsObject();
            conversation.Append(json, time.GetUtcNow());
        }
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
}

/// <summary>A person's message as read from a posted activity: typed text, or the button clicked.</summary>
public sealed record UserMessage(ChannelAccount From, string? Text, string? Action, string? Locale);
