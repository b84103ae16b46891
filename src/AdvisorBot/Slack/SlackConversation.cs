using AdvisorBot.Core.Conversation;

namespace AdvisorBot.Slack;

/// <summary>
/// The work done after Slack's acknowledgement: run the turn through the one conversation engine
/// every channel shares, render its replies as Block Kit, and deliver them to the right place.
/// </summary>
public sealed class SlackConversation(ConversationEngine engine, SlackApiClient api, ILogger<SlackConversation> logger)
{
    /// <summary>A question from a mention or a DM, answered in its thread.</summary>
    public async Task AnswerAsync(InboundMessage message, SlackPlace place, CancellationToken cancellationToken)
    {
        var replies = await TurnAsync(message, cancellationToken);
        var ts = await api.PostMessageAsync(place.Channel, SlackReplyRenderer.Render(replies), place.ThreadTs, cancellationToken);
        logger.LogInformation("Slack answered {Kinds} in {Channel} thread {ThreadTs} (message {Ts})", Kinds(replies), place.Channel, place.ThreadTs, ts);
    }

    /// <summary>
    /// /choose-framework: the flow's first step as a message in the channel, where everyone can
    /// see it and answers can be typed in its thread. Where the bot may not post (a channel it
    /// has not been invited to, someone else's DM) the step goes to the person alone, through the
    /// command's response_url; its buttons work the same.
    /// </summary>
    public async Task StartFlowAsync(InboundMessage message, SlackPlace place, Uri? responseUrl, CancellationToken cancellationToken)
    {
        var replies = await TurnAsync(message with { Action = ConversationEngine.StartFlowAction }, cancellationToken);
        var rendered = SlackReplyRenderer.Render(replies);
        try
        {
            var ts = await api.PostMessageAsync(place.Channel, rendered, threadTs: null, cancellationToken);
            logger.LogInformation("Slack guided flow started in {Channel} (message {Ts})", place.Channel, ts);
        }
        catch (SlackApiException error) when (responseUrl is not null)
        {
            logger.LogWarning("Slack could not post the guided flow in {Channel} ({Error}); showing it to the user alone", place.Channel, error.Error);
            await api.RespondAsync(responseUrl, rendered, replaceOriginal: false, ephemeral: true, cancellationToken);
        }
    }

    /// <summary>
    /// A button click. A flow click replaces the message it came from with the next step (the
    /// conversation stays one message); a feedback click leaves the answer alone and thanks the
    /// person privately; anything else (more like this, a suggested question) is a new answer in
    /// the same thread.
    /// </summary>
    public async Task ActAsync(InboundMessage message, SlackActionSource source, CancellationToken cancellationToken)
    {
        var replies = await TurnAsync(message, cancellationToken);
        var rendered = SlackReplyRenderer.Render(replies);
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

    /// <summary>One turn through the engine. A failure there still gets the person an answer
    /// saying so, rather than silence.</summary>
    private async Task<IReadOnlyList<Reply>> TurnAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.HandleAsync(message, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Conversation engine failed on a Slack message in {ConversationId}", message.ConversationId);
            return [new Reply { Kind = ReplyKind.Notice, Text = "Sorry, something went wrong on my side while answering that. Please try again in a moment." }];
        }
    }

    private static string Kinds(IReadOnlyList<Reply> replies) => string.Join(",", replies.Select(reply => reply.Kind));
}
