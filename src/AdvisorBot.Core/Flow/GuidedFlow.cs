using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Core.Flow;

/// <summary>
/// The guided /choose-framework conversation. It takes a message when it starts the flow, when it
/// is one of the flow's buttons, or when the sender has a flow under way; anything else is left to
/// the engine (null). Each turn reads the sender's state, decides, and writes the new state only
/// if nobody wrote in between; otherwise it reads again and decides again, so two turns at once
/// are applied one after the other and never mixed.
/// </summary>
public sealed class GuidedFlow(Func<KnowledgeSnapshot> knowledge, QuestionAnswerer answerer, FlowStateStore store) : IConversationFlow
{
    /// <summary>How often a turn is decided again after losing a race with another turn: enough
    /// for a burst of turns of one person arriving at several replicas at once.</summary>
    public const int MaxAttempts = 50;

    /// <summary>Unmatched answers in a row after which stopping is offered.</summary>
    public const int MissesBeforeOfferToStop = 3;

    /// <summary>Longest piece of someone's text quoted back to them.</summary>
    private const int MaxEcho = 80;

    public async Task<IReadOnlyList<Reply>?> TryHandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var definition = knowledge().Knowledge.Flow;
        var key = message.StateKey;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stored = await store.LoadAsync(key, cancellationToken);
            var turn = Decide(definition, stored, message);
            if (turn is null)
                return null;
            if (await CommitAsync(key, stored, turn, cancellationToken))
                return await RenderAsync(turn, message, cancellationToken);
            // Lost the race: the winner's state is read again, after a short random pause so the
            // losers of one burst do not collide again in step.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + attempt * 2)), cancellationToken);
        }
        return [FlowReplies.Busy()];
    }

    private Turn? Decide(FlowDefinition? definition, StoredFlow? stored, InboundMessage message)
    {
        var flowAction = message.Action as FlowAction;
        var isFlowAction = flowAction is not null;
        string? question = null;
        FlowCommand command;
        switch (message.Action)
        {
            case FlowAction:
                command = flowAction switch
                {
                    StartFlowAction => FlowCommand.Start,
                    RestartFlowAction => FlowCommand.Restart,
                    FlowBackAction => FlowCommand.Back,
                    CancelFlowAction => FlowCommand.Cancel,
                    FlowHelpAction => FlowCommand.Help,
                    // An answer (FlowAnswerAction): read against the current step below.
                    _ => FlowCommand.None,
                };
                break;
            case AskAction ask:
                // "Ask this" buttons are questions.
                question = ask.Question;
                command = FlowCommand.None;
                break;
            case not null:
                // Feedback and "more like this" are the engine's.
                return null;
            default:
                command = FlowCommands.Parse(message.Text);
                break;
        }

        if (definition is null)
            return isFlowAction || command is FlowCommand.Start ? Turn.Reply(FlowReplies.NotAvailable()) : null;

        if (stored is not null && store.IsExpired(stored))
            return Expired(definition, command, question ?? (isFlowAction ? null : message.Text));

        if (stored is null)
        {
            if (command is FlowCommand.Start or FlowCommand.Restart)
                return Begin(definition, preface: null);
            // A button of a finished flow, or "stop" with nothing to stop.
            if (isFlowAction || command is FlowCommand.Back or FlowCommand.Cancel)
                return Turn.Reply(FlowReplies.NoneUnderWay());
            return null;
        }

        var state = stored.State;
        var step = state.CurrentStep(definition);
        if (step is null)
            // Every step answered (the flow data changed under a finished flow): conclude now.
            return Finish(definition, state);

        switch (command)
        {
            case FlowCommand.Start:
            case FlowCommand.Restart:
                return Begin(definition, "Starting over.");
            case FlowCommand.Cancel:
                return new Turn(Write.Delete, null, [new Ready(FlowReplies.Cancelled())]);
            case FlowCommand.Back:
                return Back(definition, state, step);
            case FlowCommand.Help:
                return Turn.Reply(FlowReplies.Step(definition, step, FlowReplies.Help(step)));
        }

        if (flowAction is FlowAnswerAction answer)
            return Clicked(definition, state, step, answer);
        if (question is not null)
            return Asked(definition, step, question);
        return Typed(definition, state, step, message.Text ?? "");
    }

    private Turn Begin(FlowDefinition definition, string? preface)
    {
        var intro = preface is null ? definition.Intro : $"{preface} {definition.Intro}";
        return new Turn(Write.Save, FlowState.New(store.Now), [new Ready(FlowReplies.Step(definition, definition.Steps[0], intro))]);
    }

    private Turn Expired(FlowDefinition definition, FlowCommand command, string? text)
    {
        var notice = FlowReplies.Expired(store.Expiry);
        if (command is FlowCommand.Start or FlowCommand.Restart)
        {
            var begin = Begin(definition, preface: null);
            return begin with { Parts = [new Ready(notice), .. begin.Parts] };
        }
        // The old flow is not resumed; a question that came with the return is still answered.
        var parts = new List<Part> { new Ready(notice) };
        if (command is FlowCommand.None && text is not null && FlowCommands.LooksLikeQuestion(text))
            parts.Add(new Question(text));
        return new Turn(Write.Delete, null, parts);
    }

    private static Turn Back(FlowDefinition definition, FlowState state, FlowStep step)
    {
        var previous = state.WithoutLastAnswer(definition);
        var previousStep = previous.CurrentStep(definition)!;
        if (previousStep.Key == step.Key)
            return Turn.Reply(FlowReplies.Step(definition, step, "This is the first question; there's nothing to go back to."));
        var earlier = state.AnswerTo(previousStep);
        return new Turn(Write.Save, previous, [new Ready(FlowReplies.Step(definition, previousStep, $"Going back. You had answered \"{earlier?.Label}\"."))]);
    }

    private Turn Clicked(FlowDefinition definition, FlowState state, FlowStep step, FlowAnswerAction answer)
    {
        if (answer.Step == step.Key && step.FindOption(answer.Option) is { } option)
            return Answer(definition, state, step, option);
        if (definition.FindStep(answer.Step) is { } answered && state.AnswerTo(answered) is not null)
            return Turn.Reply(FlowReplies.Step(definition, step, $"You've already answered \"{answered.Question}\" (type back to change it). Here is the current question."));
        return Turn.Reply(FlowReplies.Step(definition, step, "That button is no longer valid. Here is the current question."));
    }

    private static Turn Asked(FlowDefinition definition, FlowStep step, string question) =>
        new(Write.None, null, [new Question(question), new Ready(FlowReplies.Step(definition, step, "Now, back to the framework chooser."))]);

    private Turn Typed(FlowDefinition definition, FlowState state, FlowStep step, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
            return Turn.Reply(FlowReplies.Step(definition, step, FlowReplies.Expectation(step)));
        return AnswerMatcher.Read(definition, step, trimmed) switch
        {
            AnswerMatch.Question => Asked(definition, step, trimmed),
            AnswerMatch.OptionAsked => Turn.Reply(FlowReplies.Step(definition, step, FlowReplies.Help(step))),
            AnswerMatch.Undecided => Turn.Reply(FlowReplies.Step(definition, step,
                $"That's fine if you can't tell yet. {step.Help} Pick the option closest to what you expect; you can type back to change it later.")),
            AnswerMatch.Matched { Unsure: true } matched => Answer(definition, state, step, matched.Option, "Type back if you meant something else."),
            AnswerMatch.Matched matched => Answer(definition, state, step, matched.Option),
            AnswerMatch.Ambiguous ambiguous => Miss(definition, state, step,
                $"\"{Echo(trimmed)}\" could mean {string.Join(" or ", ambiguous.Options.Select(option => $"\"{option.Label}\""))}. Which one is it?"),
            _ => Miss(definition, state, step, $"I couldn't match \"{Echo(trimmed)}\" to one of the options. Which one did you mean? {FlowReplies.Expectation(step)}"),
        };
    }

    private static Turn Miss(FlowDefinition definition, FlowState state, FlowStep step, string preface)
    {
        var missed = state.WithMiss();
        var offerToStop = missed.Misses >= MissesBeforeOfferToStop;
        if (offerToStop)
            preface += $"\n\nThat's {missed.Misses} answers in a row I couldn't match. Would you like to stop? Type cancel (or press Stop), or pick one of the options below to carry on.";
        return new Turn(Write.Save, missed, [new Ready(FlowReplies.Step(definition, step, preface, offerToStop))]);
    }

    private static Turn Answer(FlowDefinition definition, FlowState state, FlowStep step, FlowOption option, string? note = null)
    {
        var answered = state.WithAnswer(step, option);
        var next = answered.CurrentStep(definition);
        if (next is null)
            return Finish(definition, answered);
        return new Turn(Write.Save, answered, [new Ready(FlowReplies.Step(definition, next, note is null ? $"Got it: {option.Label}." : $"Got it: {option.Label}. {note}"))]);
    }

    private static Turn Finish(FlowDefinition definition, FlowState state)
    {
        var outcome = Recommender.Recommend(definition, state.Answers);
        return new Turn(Write.Delete, null, [new Ready(FlowReplies.Recommendation(outcome))]);
    }

    private async Task<bool> CommitAsync(string key, StoredFlow? stored, Turn turn, CancellationToken cancellationToken) => turn.Write switch
    {
        Write.Save => await store.TrySaveAsync(key, stored?.Version, turn.State!, cancellationToken),
        Write.Delete => stored is null || await store.TryDeleteAsync(key, stored.Version, cancellationToken),
        _ => true,
    };

    // Side effects (answering a question records it) happen only once the turn is committed.
    private async Task<List<Reply>> RenderAsync(Turn turn, InboundMessage message, CancellationToken cancellationToken)
    {
        var replies = new List<Reply>(turn.Parts.Count);
        foreach (var part in turn.Parts)
        {
            replies.Add(part switch
            {
                Question question => await answerer.AnswerAsync(message, question.Text, cancellationToken),
                Ready ready => ready.Reply,
                _ => throw new InvalidOperationException($"unknown turn part {part.GetType().Name}"),
            });
        }
        return replies;
    }

    private static string Echo(string text) => text.Length <= MaxEcho ? text : text[..MaxEcho] + "…";

    private enum Write
    {
        None,
        Save,
        Delete,
    }

    /// <summary>One reply of a turn: ready-made, or a question to answer from the articles once
    /// the turn is committed.</summary>
    private abstract record Part;

    private sealed record Ready(Reply Reply) : Part;

    private sealed record Question(string Text) : Part;

    /// <summary>What a turn decided: the state to write (for <see cref="Write.Save"/>) and its replies.</summary>
    private sealed record Turn(Write Write, FlowState? State, IReadOnlyList<Part> Parts)
    {
        public static Turn Reply(Reply reply) => new(Write.None, null, [new Ready(reply)]);
    }
}
