using AdvisorBot.Core.Conversation;
using AdvisorBot.Turns;

namespace AdvisorBot.Slack;

/// <summary>
/// The work done after Slack's acknowledgement: the turn goes through the one
/// <see cref="TurnRunner"/> every channel shares, and its replies, rendered as Block Kit, are
/// delivered to the right place for what the person did (a thread, the clicked message, the
/// person alone).
/// </summary>
public sealed class SlackConversation(TurnRunner runner, ConversationEngine engine, SlackApiClient api, ILogger<SlackConversation> logger)
{
    /// <summary>What Slack shows under the bot's name while it looks for an answer in a DM.</summary>
    public const string SearchingStatus = "is searching the articles...";

    /// <summary>A question from a mention or a DM, answered in its thread. In a DM, Slack's agent
    /// chat, the bot first shows that it is searching the articles, as Slack asks agents to do
    /// on every message they take up; the answer clears it.</summary>
    public async Task AnswerAsync(InboundMessage message, SlackPlace place, CancellationToken cancellationToken)
    {
        if (place.IsDirect && place.ThreadTs is { } thread)
            await ShowSearchingAsync(place.Channel, thread, cancellationToken);
        await runner.RunAsync(message, new SlackReplies(async (replies, rendered, token) =>
        {
            var ts = await api.PostMessageAsync(place.Channel, rendered, place.ThreadTs, token);
            logger.LogInformation("Slack answered {Kinds} in {Channel} thread {ThreadTs} (message {Ts})", Kinds(replies), place.Channel, place.ThreadTs, ts);
        }), cancellationToken);
    }

    /// <summary>
    /// Someone opened a chat with the bot: Slack offers them the bot's example questions and the
    /// guided flow as suggested prompts (at most four), the same the help reply offers.
    /// </summary>
    public async Task SuggestPromptsAsync(SlackPlace place, CancellationToken cancellationToken)
    {
        var prompts = engine.Help().Choices
            .Select(choice => choice.Value.StartsWith(ReplyActions.AskPrefix, StringComparison.Ordinal)
                ? new SuggestedPrompt(choice.Label, choice.Value[ReplyActions.AskPrefix.Length..])
                : choice.Value == ConversationEngine.StartFlowAction ? new SuggestedPrompt("Help me choose", "Help me choose a framework") : null)
            .OfType<SuggestedPrompt>()
            .OrderBy(prompt => prompt.Message == "Help me choose a framework")
            .Take(4)
            .ToList();
        await api.SetSuggestedPromptsAsync(place.Channel, place.ThreadTs, "Ask me about Django and Flask", prompts, cancellationToken);
        logger.LogInformation("Slack suggested {Count} prompts in {Channel}", prompts.Count, place.Channel);
    }

    /// <summary>Best effort: Slack shows a status only in its agent and assistant chats, and an
    /// answer without one is still an answer.</summary>
    private async Task ShowSearchingAsync(string channel, string threadTs, CancellationToken cancellationToken)
    {
        try
        {
            await api.SetStatusAsync(channel, threadTs, SearchingStatus, cancellationToken);
        }
        catch (Exception error) when (error is SlackApiException or HttpRequestException)
        {
            logger.LogDebug("Slack status in {Channel} not shown ({Error})", channel, error.Message);
        }
    }

    /// <summary>
    /// /choose-framework: the flow's first step as a message in the channel, where everyone can
    /// see it and answers can be typed in its thread. Where the bot may not post (a channel it
    /// has not been invited to, someone else's DM) the step goes to the person alone, through the
    /// command's response_url; its buttons work the same.
    /// </summary>
    public Task StartFlowAsync(InboundMessage message, SlackPlace place, Uri? responseUrl, CancellationToken cancellationToken) =>
        runner.RunAsync(message with { Action = ConversationEngine.StartFlowAction }, new SlackReplies(async (_, rendered, token) =>
        {
            try
            {
                var ts = await api.PostMessageAsync(place.Channel, rendered, threadTs: null, token);
                logger.LogInformation("Slack guided flow started in {Channel} (message {Ts})", place.Channel, ts);
            }
            catch (SlackApiException error) when (responseUrl is not null)
            {
                logger.LogWarning("Slack could not post the guided flow in {Channel} ({Error}); showing it to the user alone", place.Channel, error.Error);
                await api.RespondAsync(responseUrl, rendered, replaceOriginal: false, ephemeral: true, token);
            }
        }), cancellationToken);

    /// <summary>
    /// A button click. A flow click replaces the message it came from with the next step (the
    /// conversation stays one message); a feedback click leaves the answer alone and thanks the
    /// person privately; anything else (more like this, a suggested question) is a new answer in
    /// the same thread.
    /// </summary>
    public Task ActAsync(InboundMessage message, SlackActionSource source, CancellationToken cancellationToken) =>
        runner.RunAsync(message, new SlackReplies((replies, rendered, token) => AnswerClickAsync(message, source, replies, rendered, token)), cancellationToken);

    private async Task AnswerClickAsync(InboundMessage message, SlackActionSource source, IReadOnlyList<Reply> replies, SlackMessage rendered, CancellationToken cancellationToken)
    {
        var isFlow = message.Action!.StartsWith(ReplyActions.FlowPrefix, StringComparison.Ordinal)
            || replies.Any(reply => reply.Kind is ReplyKind.FlowStep or ReplyKind.Recommendation);
        if (isFlow)
            await ReplaceAsync(source, rendered, cancellationToken);
        else if (replies.All(reply => reply.Kind == ReplyKind.Notice) && source.ResponseUrl is not null)
            await api.RespondAsync(source.ResponseUrl, rendered, replaceOriginal: false, ephemeral: true, cancellationToken);
        else if (!source.IsEphemeral && source.MessageTs is not null)
            await api.PostMessageAsync(source.Place.Channel, rendered, source.Place.ThreadTs ?? source.MessageTs, cancellationToken);
        else if (source.ResponseUrl is not null)
            await api.RespondAsync(source.ResponseUrl, rendered, replaceOriginal: false, ephemeral: true, cancellationToken);
        else
            logger.LogWarning("Slack click in {Channel} has neither a message nor a response_url to answer at", source.Place.Channel);
        logger.LogInformation("Slack click in {Channel} answered with {Kinds}", source.Place.Channel, Kinds(replies));
    }

    /// <summary>Replaces the clicked message: through its response_url, or with chat.update when
    /// that is gone (it expires after 30 minutes and five uses).</summary>
    private async Task ReplaceAsync(SlackActionSource source, SlackMessage rendered, CancellationToken cancellationToken)
    {
        var canUpdate = !source.IsEphemeral && source.MessageTs is not null;
        if (source.ResponseUrl is not null)
        {
            try
            {
                await api.RespondAsync(source.ResponseUrl, rendered, replaceOriginal: true, ephemeral: false, cancellationToken);
                return;
            }
            catch (SlackApiException error) when (canUpdate)
            {
                logger.LogWarning("Slack response_url failed ({Error}); updating the message with chat.update", error.Error);
            }
        }
        if (canUpdate)
            await api.UpdateMessageAsync(source.Place.Channel, source.MessageTs!, rendered, cancellationToken);
        else
            logger.LogWarning("Slack click in {Channel} cannot be answered: no response_url and no message to update", source.Place.Channel);
    }

    private static string Kinds(IReadOnlyList<Reply> replies) => string.Join(",", replies.Select(reply => reply.Kind));

    /// <summary>Renders the turn as one Block Kit message and hands it to the delivery for what the
    /// person did. Slack shows no typing for bots; a DM shows its status from the start instead
    /// (<see cref="AnswerAsync"/>), so nothing more is shown while working.</summary>
    private sealed class SlackReplies(Func<IReadOnlyList<Reply>, SlackMessage, CancellationToken, Task> deliver) : IReplySender
    {
        public Task ShowWorkingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendAsync(IReadOnlyList<Reply> replies, CancellationToken cancellationToken) =>
            deliver(replies, SlackReplyRenderer.Render(replies), cancellationToken);
    }
}
