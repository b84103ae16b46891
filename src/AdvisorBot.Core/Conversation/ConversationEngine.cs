using System.Text;
using System.Text.RegularExpressions;
using AdvisorBot.Core.Answering;
using AdvisorBot.Core.Feedback;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Core.Conversation;

/// <summary>
/// A guided conversation the engine hands messages to first. It returns null when a message is
/// not its business (no flow under way, not a command that starts one), so the engine answers it.
/// </summary>
public interface IConversationFlow
{
    Task<IReadOnlyList<Reply>?> TryHandleAsync(InboundMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// One turn of a conversation, the same for every channel: someone joining is welcomed; a message
/// goes to the guided flow if one is under way (or starts one); a button click is acted on; help
/// and greetings get help; anything else is a question, answered from the knowledge base.
/// </summary>
public sealed partial class ConversationEngine(
    Func<KnowledgeSnapshot> knowledge,
    QuestionAnswerer answerer,
    FeedbackStore feedback,
    IConversationFlow? flow = null)
{
    /// <summary>Longest question read, in characters; longer ones are refused with a clear message.</summary>
    public const int MaxQuestionLength = 2000;

    public async Task<IReadOnlyList<Reply>> HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        if (message.Kind == InboundKind.Joined)
            return [Welcome(message.UserName)];
        if (flow is not null && await flow.TryHandleAsync(message, cancellationToken) is { } flowReplies)
            return flowReplies;

        if (message.Action is { } action)
            return [await ActAsync(message, action, cancellationToken)];

        var text = (message.Text ?? "").Trim();
        if (text.Length == 0 || IsHelp(text))
            return [Help()];
        if (IsGreeting(text))
            return [Help(greeting: true)];
        if (text.Length > MaxQuestionLength)
            return [new Reply { Kind = ReplyKind.Notice, Text = $"That message is {text.Length:N0} characters long; please ask in at most {MaxQuestionLength:N0}." }];
        return [await answerer.AnswerAsync(message, text, cancellationToken)];
    }

    /// <summary>The greeting for someone who joins a conversation with the bot.</summary>
    public Reply Welcome(string? userName = null)
    {
        var help = Help();
        var hello = string.IsNullOrWhiteSpace(userName) ? "Hi! " : $"Hi {userName}! ";
        return help with { Kind = ReplyKind.Welcome, Text = hello + help.Text };
    }

    public Reply Help(bool greeting = false)
    {
        var snapshot = knowledge();
        var suggestions = Declining.Suggestions(snapshot.Knowledge).Take(3).ToList();
        var text = new StringBuilder(greeting ? "Hello! " : "");
        text.Append("I'm AdvisorBot. Ask me a question about choosing a web framework and I'll answer with the best passages from my articles, each with its source. ");
        text.Append(Declining.WhatICanAnswer(snapshot.Knowledge));
        if (suggestions.Count > 0)
            text.Append("\nTry:\n").Append(string.Join('\n', suggestions.Select(suggestion => $"- {suggestion}")));
        return new Reply
        {
            Kind = ReplyKind.Help,
            Title = "AdvisorBot",
            Text = text.ToString(),
            Choices = [new ReplyChoice("Choose a framework", StartFlowAction.Instance, ChoiceStyle.Primary), .. suggestions.Select(suggestion => new ReplyChoice(suggestion, new AskAction(suggestion)))],
        };
    }

    /// <summary>A click the guided flow left alone: feedback, more like this, a suggested question;
    /// a flow button when there is no flow to take it.</summary>
    private async Task<Reply> ActAsync(InboundMessage message, ReplyAction action, CancellationToken cancellationToken) => action switch
    {
        RateAnswerAction rate => await RecordFeedbackAsync(message, rate, cancellationToken),
        MoreLikeAction more => await answerer.MoreLikeAsync(message, more.PassageId, more.AnswerId, cancellationToken),
        AskAction ask => await answerer.AnswerAsync(message, ask.Question, cancellationToken),
        _ => new Reply { Kind = ReplyKind.Notice, Text = "That button has expired. Ask me again, or type help." },
    };

    private async Task<Reply> RecordFeedbackAsync(InboundMessage message, RateAnswerAction rate, CancellationToken cancellationToken)
    {
        var recorded = await feedback.RecordFeedbackAsync(rate.AnswerId, passageId: null, rate.Helpful, message.Comment, message.Channel, message.UserId, cancellationToken);
        var text = !recorded
            ? "I couldn't find that answer any more, so nothing was recorded."
            : rate.Helpful ? "Thanks, glad it helped." : "Thanks for telling me. I've noted that this answer didn't help, so the knowledge base can be improved.";
        // The next steps the rated answer offered stay on offer (Web Chat shows the last message's).
        var answer = recorded ? await feedback.FindAnswerAsync(rate.AnswerId, cancellationToken) : null;
        return new Reply { Kind = ReplyKind.Notice, Text = text, NextSteps = answer is null ? [] : answerer.NextSteps(answer) };
    }

    private static bool IsHelp(string text) => HelpPattern().IsMatch(text);

    private static bool IsGreeting(string text) => GreetingPattern().IsMatch(text);

    [GeneratedRegex(@"^\s*(/?help|\?|what can you do\??|commands)\s*[.!?]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex HelpPattern();

    [GeneratedRegex(@"^\s*(hi|hello|hey|hiya|howdy|yo|good (morning|afternoon|evening)|greetings|thanks|thank you|thx)( there)?( advisorbot| bot)?\s*[.!?]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex GreetingPattern();
}
