using AdvisorBot.BotFramework.Activities;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.BotFramework.Connector;
using AdvisorBot.Core.Conversation;
using Microsoft.Extensions.Options;

namespace AdvisorBot.BotFramework;

/// <summary>
/// What the bot does with each kind of authenticated activity: a message (typed text or a card
/// submit) goes to the conversation engine and every reply goes back as a card through the
/// connector; a member joining is welcomed; a card's Action.Execute is answered with a card in the
/// HTTP response itself.
/// </summary>
public sealed class BotTurns(
    ConversationEngine engine,
    ConnectorClient connector,
    IOptions<BotFrameworkLimits> limits,
    TimeProvider time,
    ILogger<BotTurns> logger)
{
    public const string CardActionInvokeName = "adaptiveCard/action";

    public async Task OnMessageAsync(Activity activity, CancellationToken cancellationToken)
    {
        var inbound = ToInbound(activity, CardActionValue.FromSubmit(activity.Value));
        var replies = await WithTypingAsync(activity, () => engine.HandleAsync(inbound, cancellationToken), cancellationToken);
        foreach (var reply in replies)
            await connector.SendAsync(ReplyActivities.Message(activity, [reply], CardActionKind.Submit), cancellationToken);
    }

    public async Task OnConversationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        foreach (var member in activity.MembersAdded ?? [])
        {
            // The bot itself is among the members added when it is installed; it does not greet itself.
            if (string.IsNullOrEmpty(member.Id) || member.Id == activity.Recipient?.Id)
                continue;
            var welcome = engine.Welcome(member.Name);
            await connector.SendAsync(ReplyActivities.Message(activity, [welcome], CardActionKind.Submit, to: member), cancellationToken);
        }
    }

    /// <summary>An <c>adaptiveCard/action</c> invoke: the card that replaces the clicked one.</summary>
    public async Task<InvokeResponse> OnCardActionAsync(Activity activity, CancellationToken cancellationToken)
    {
        var action = CardActionValue.FromInvoke(activity.Value);
        if (action is null)
            return InvokeResponse.Error(StatusCodes.Status400BadRequest, "BadRequest", $"value.action.data.{CardActionValue.Key} is missing: not a button of this bot");
        var replies = await engine.HandleAsync(ToInbound(activity, action), cancellationToken);
        if (replies.Count == 0)
            replies = [engine.Help()];
        return InvokeResponse.Card(ReplyActivities.InvokeCard(replies));
    }

    private static InboundMessage ToInbound(Activity activity, string? action) =>
        new(activity.ChannelId!, activity.Conversation!.Id!, activity.From!.Id!, MessageText.Clean(activity), action, activity.From.Name);

    /// <summary>
    /// Runs the turn; if it takes longer than the typing delay the user sees "typing", repeated at
    /// most once per typing interval. Typing stops (and a send in flight is awaited) before any
    /// reply goes out, so it never trails the answer.
    /// </summary>
    private async Task<IReadOnlyList<Reply>> WithTypingAsync(Activity activity, Func<Task<IReadOnlyList<Reply>>> turn, CancellationToken cancellationToken)
    {
        var work = Task.Run(turn, cancellationToken);
        using var stop = new CancellationTokenSource();
        var typing = TypingLoopAsync(activity, work, stop.Token);
        try
        {
            return await work;
        }
        finally
        {
            await stop.CancelAsync();
            await typing;
        }
    }

    private async Task TypingLoopAsync(Activity activity, Task work, CancellationToken stop)
    {
        var settings = limits.Value;
        var wait = settings.TypingDelay;
        while (!stop.IsCancellationRequested)
        {
            var delay = Task.Delay(wait, time, stop);
            if (await Task.WhenAny(work, delay) == work || stop.IsCancellationRequested)
                return;
            try
            {
                // One attempt only: a lost typing indicator is not worth a retry.
                await connector.SendAsync(ReplyActivities.Typing(activity), stop, maxAttempts: 1);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Typing indicator for conversation {ConversationId} failed", activity.Conversation?.Id);
            }
            wait = settings.TypingInterval;
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
