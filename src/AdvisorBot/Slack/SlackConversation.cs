using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Storage;
using AdvisorBot.Turns;

namespace AdvisorBot.Slack;

/// <summary>
/// The work done after Slack's acknowledgement, one queued <see cref="SlackJob"/> at a time: the
/// turn goes through the one <see cref="TurnRunner"/> every channel shares, and its replies,
/// rendered as Block Kit, are delivered to the right place for what the person did (a thread, the
/// clicked message, the person alone). The rendered answer is recorded in the job before it is
/// delivered, and its delivery after: a replica taking over the job of one that died delivers the
/// recorded answer (or nothing, if it went out) instead of running the turn a second time.
/// </summary>
public sealed class SlackConversation(TurnRunner runner, ConversationEngine engine, SlackApiClient api, WorkQueue queue, ILogger<SlackConversation> logger)
{
    /// <summary>What Slack shows under the bot's name while it looks for an answer in a DM.</summary>
    public const string SearchingStatus = "is searching the articles...";

    /// <summary>Does one job. False when its answer could not be delivered: the job is to be tried
    /// again, and the answer is recorded in it, so the next attempt delivers that without a second turn.</summary>
    public async Task<bool> AnswerAsync(SlackJob job, WorkItem item, CancellationToken cancellationToken)
    {
        if (job.Kind == SlackJobKind.SuggestPrompts)
        {
            // Nothing to record: offering the same prompts again is harmless.
            await SuggestPromptsAsync(job.Place, cancellationToken);
            return true;
        }
        if (item.Result is { } recorded)
        {
            if (item.Progress == 0)
            {
                logger.LogInformation("Slack job {Description} taken over (attempt {Attempts}): delivering the answer recorded before", job.Description, item.Attempts);
                var delivery = await TryDeliverAsync(job, item, SlackAnswer.FromJson(recorded), cancellationToken);
                if (!delivery.Succeeded)
                {
                    logger.LogWarning("Slack job {Description}: the answer recorded before could not be delivered ({Reason})", job.Description, delivery.Failure);
                    return false;
                }
            }
            return true;
        }

        // In a DM, Slack's agent chat, the bot first shows that it is searching the articles, as
        // Slack asks agents to do on every message they take up; the answer clears it.
        if (job.Kind == SlackJobKind.Answer && job.Place.IsDirect && job.Place.ThreadTs is { } thread)
            await ShowSearchingAsync(job.Place.Channel, thread, cancellationToken);
        var message = job.Kind == SlackJobKind.StartFlow ? job.Message! with { Action = StartFlowAction.Instance } : job.Message!;
        var outcome = await runner.RunAsync(message, new SlackReplies(async (replies, rendered, token) =>
        {
            var answer = new SlackAnswer(replies.Select(reply => reply.Kind).ToList(), rendered);
            if (!await queue.RecordResultAsync(item, answer.ToJson(), token))
                return Delivery.Failed($"the lease of Slack job {job.Description} was lost; another replica answers it");
            return await TryDeliverAsync(job, item, answer, token);
        }), cancellationToken);
        return outcome.Delivered;
    }

    /// <summary>Delivers a worked-out answer and records that it went out. A Slack API error or a
    /// failed connection (after the client's retries) is a failed delivery, not an exception.</summary>
    private async Task<Delivery> TryDeliverAsync(SlackJob job, WorkItem item, SlackAnswer answer, CancellationToken cancellationToken)
    {
        try
        {
            await DeliverAsync(job, answer, cancellationToken);
        }
        catch (Exception error) when (error is SlackApiException or HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            // The client logged the failed call; the worker says what becomes of the job.
            return Delivery.Failed(error.Message);
        }
        await queue.RecordProgressAsync(item, 1, cancellationToken);
        return Delivery.Done;
    }

    private Task DeliverAsync(SlackJob job, SlackAnswer answer, CancellationToken cancellationToken) => job.Kind switch
    {
        SlackJobKind.Answer => PostAnswerAsync(job.Place, answer, cancellationToken),
        SlackJobKind.StartFlow => PostFlowAsync(job.Place, job.Message!.UserId, job.ResponseUrl, answer.Message, cancellationToken),
        _ => AnswerClickAsync(job.Message!, job.Source ?? throw new InvalidDataException("a Slack click job without its source"), answer, cancellationToken),
    };

    /// <summary>
    /// Someone opened a chat with the bot: Slack offers them the bot's example questions and the
    /// guided flow as suggested prompts (at most four), the same the help reply offers.
    /// </summary>
    private async Task SuggestPromptsAsync(SlackPlace place, CancellationToken cancellationToken)
    {
        var prompts = engine.Help().Choices
            .Select(choice => choice.Action switch
            {
                AskAction ask => new SuggestedPrompt(choice.Label, ask.Question),
                StartFlowAction => new SuggestedPrompt("Help me choose", "Help me choose a framework"),
                _ => null,
            })
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

    /// <summary>A question from a mention or a DM, answered in its thread.</summary>
    private async Task PostAnswerAsync(SlackPlace place, SlackAnswer answer, CancellationToken cancellationToken)
    {
        var ts = await api.PostMessageAsync(place.Channel, answer.Message, place.ThreadTs, cancellationToken);
        logger.LogInformation("Slack answered {Kinds} in {Channel} thread {ThreadTs} (message {Ts})", Kinds(answer.Kinds), place.Channel, place.ThreadTs, ts);
    }

    /// <summary>
    /// /choose-framework: in a channel, a one-line message saying who is choosing a framework, and
    /// the flow's first step in its thread, so the questions and answers do not fill the channel
    /// for everyone; answers can be typed in that thread. In a DM the step is posted as it is.
    /// Where the bot may not post (a channel it has not been invited to, someone else's DM) the
    /// step goes to the person alone, through the command's response_url; its buttons work the same.
    /// </summary>
    private async Task PostFlowAsync(SlackPlace place, string userId, Uri? responseUrl, SlackMessage rendered, CancellationToken cancellationToken)
    {
        try
        {
            var thread = SlackInbound.IsDirectMessageChannel(place.Channel)
                ? null
                : await api.PostMessageAsync(place.Channel, SlackReplyRenderer.FlowThreadStarter(userId), threadTs: null, cancellationToken);
            var ts = await api.PostMessageAsync(place.Channel, rendered, thread, cancellationToken);
            logger.LogInformation("Slack guided flow started in {Channel} thread {ThreadTs} (message {Ts})", place.Channel, thread, ts);
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
    private async Task AnswerClickAsync(InboundMessage message, SlackActionSource source, SlackAnswer answer, CancellationToken cancellationToken)
    {
        var rendered = answer.Message;
        var isFlow = message.Action is FlowAction
            || answer.Kinds.Any(kind => kind is ReplyKind.FlowStep or ReplyKind.Recommendation);
        if (isFlow)
            await ReplaceAsync(source, rendered, cancellationToken);
        else if (answer.Kinds.All(kind => kind == ReplyKind.Notice) && source.ResponseUrl is not null)
            await api.RespondAsync(source.ResponseUrl, rendered, replaceOriginal: false, ephemeral: true, cancellationToken);
        else if (!source.IsEphemeral && source.MessageTs is not null)
            await api.PostMessageAsync(source.Place.Channel, rendered, source.Place.ThreadTs ?? source.MessageTs, cancellationToken);
        else if (source.ResponseUrl is not null)
            await api.RespondAsync(source.ResponseUrl, rendered, replaceOriginal: false, ephemeral: true, cancellationToken);
        else
            logger.LogWarning("Slack click in {Channel} has neither a message nor a response_url to answer at", source.Place.Channel);
        logger.LogInformation("Slack click in {Channel} answered with {Kinds}", source.Place.Channel, Kinds(answer.Kinds));
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

    private static string Kinds(IReadOnlyList<ReplyKind> kinds) => string.Join(",", kinds);

    /// <summary>Renders the turn as one Block Kit message and hands it to the delivery for what the
    /// person did. Slack shows no typing for bots; a DM shows its status from the start instead
    /// (<see cref="AnswerAsync"/>), so nothing more is shown while working.</summary>
    private sealed class SlackReplies(Func<IReadOnlyList<Reply>, SlackMessage, CancellationToken, Task<Delivery>> deliver) : IReplySender
    {
        public Task ShowWorkingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<Delivery> SendAsync(IReadOnlyList<Reply> replies, CancellationToken cancellationToken) =>
            deliver(replies, SlackReplyRenderer.Render(replies), cancellationToken);
    }
}
