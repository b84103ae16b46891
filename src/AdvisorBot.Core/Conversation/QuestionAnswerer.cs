using System.Runtime.CompilerServices;
using System.Text;
using AdvisorBot.Core.Answering;
using AdvisorBot.Core.Feedback;
using AdvisorBot.Core.Search;
using AdvisorBot.Core.Telemetry;

namespace AdvisorBot.Core.Conversation;

/// <summary>
/// Answers a question from the knowledge base as a reply: the best passage and up to two more
/// (fewer if <c>Search:DefaultTop</c>, the searcher's default, is smaller) with their sources and buttons for feedback
/// and "more like this", or an honest decline with suggestions. Every question is recorded, so
/// declined ones show up as what the knowledge base needs next.
/// </summary>
public sealed class QuestionAnswerer(Func<KnowledgeSnapshot> knowledge, FeedbackStore feedback)
{
    /// <summary>Most passages in an answer: the best, and up to two more behind "Show more".</summary>
    public const int MaxPassagesPerAnswer = 3;

    /// <summary>Passages an answer quotes: <c>Search:DefaultTop</c>, at most <see cref="MaxPassagesPerAnswer"/>.</summary>
    private static int PassagesPerAnswer(KnowledgeSnapshot snapshot) =>
        Math.Min(MaxPassagesPerAnswer, snapshot.Searcher.Options.DefaultTop);

    public async Task<Reply> AnswerAsync(InboundMessage message, string question, CancellationToken cancellationToken = default)
    {
        var snapshot = knowledge();
        SearchResult result;
        using (var span = BotTelemetry.Source.StartActivity("search"))
        {
            result = await snapshot.Searcher.SearchAsync(question, PassagesPerAnswer(snapshot), cancellationToken);
            span?.SetTag("advisorbot.answered", result.Answered);
            span?.SetTag("advisorbot.confidence", result.Confidence);
            span?.SetTag("advisorbot.passages", result.Hits.Count);
        }
        var answerId = await feedback.RecordAnswerAsync(message.Channel, message.ConversationId, message.UserId, question, result.Answered, result.Confidence,
            result.Hits.Select(hit => hit.Passage.Id).ToList(), cancellationToken);
        return result.Answered ? AnswerReply(snapshot, result, answerId, question) : Decline(snapshot, question, answerId, result);
    }

    /// <summary>Passages like the given one (its headings and text as the query), itself left out.
    /// The new answer is recorded under the question the person asked in the answer it came from
    /// (<paramref name="fromAnswerId"/>), so feedback on it counts for that question.</summary>
    public async Task<Reply> MoreLikeAsync(InboundMessage message, string passageId, string? fromAnswerId = null, CancellationToken cancellationToken = default)
    {
        var snapshot = knowledge();
        var passage = snapshot.Knowledge.FindPassage(passageId);
        if (passage is null)
            return new Reply { Kind = ReplyKind.Notice, Text = "That passage is no longer in the knowledge base. Ask me again and I'll find the current one." };
        var query = $"{string.Join(' ', passage.SectionHeadings)} {passage.Text}";
        var top = PassagesPerAnswer(snapshot);
        var result = await snapshot.Searcher.SearchAsync(query, top + 1, cancellationToken);
        var hits = result.Hits.Where(hit => hit.Passage.Id != passageId).Take(top).ToList();
        var title = $"More like \"{passage.SectionHeadings.LastOrDefault() ?? passage.Source.Title}\"";
        if (hits.Count == 0)
            return new Reply { Kind = ReplyKind.Notice, Text = "I have nothing more on that topic." };
        var question = (fromAnswerId is null ? null : (await feedback.FindAnswerAsync(fromAnswerId, cancellationToken))?.Question) ?? title;
        var answerId = await feedback.RecordAnswerAsync(message.Channel, message.ConversationId, message.UserId, question, true, result.Confidence, hits.Select(hit => hit.Passage.Id).ToList(), cancellationToken);
        return AnswerReply(snapshot, result with { Hits = hits, Hedged = false }, answerId, question) with { Title = title };
    }

    /// <summary>
    /// Next steps after a recorded answer, as it offered them: the guided flow, and two example
    /// questions that would not answer it again. An example is left out when it is the question,
    /// in other words or not: its best passage is one the answer already quotes ("does flask have
    /// an orm" quotes the passage "Does Flask come with an ORM?" finds first, if not first). Which
    /// two of the rest are offered turns with the question, so each answer offers something new.
    /// The answer's passages are as recorded, so its question is not searched again.
    /// </summary>
    public IReadOnlyList<ReplyChoice> NextSteps(RecordedAnswer answer) =>
        NextSteps(knowledge(), answer.Question, answer.PassageIds);

    private static List<ReplyChoice> NextSteps(KnowledgeSnapshot snapshot, string question, IReadOnlyCollection<string> quotedPassageIds)
    {
        var asked = FeedbackStore.QuestionKey(question);
        var others = SuggestionsWithTheirBestPassage(snapshot)
            .Where(suggestion => FeedbackStore.QuestionKey(suggestion.Question) != asked)
            .Where(suggestion => suggestion.BestPassageId is null || !quotedPassageIds.Contains(suggestion.BestPassageId))
            .Select(suggestion => suggestion.Question)
            .ToList();
        // A stable turn (not string.GetHashCode, which differs between processes and replicas).
        var turn = others.Count == 0 ? 0 : asked.Aggregate(0, (hash, character) => (hash * 31 + character) & 0x7fffffff) % others.Count;
        return
        [
            new ReplyChoice("Choose a framework", StartFlowAction.Instance, ChoiceStyle.Primary),
            .. others.Skip(turn).Concat(others.Take(turn)).Take(2).Select(suggestion => new ReplyChoice(suggestion, new AskAction(suggestion))),
        ];
    }

    // The example questions' best passages, searched once per snapshot rather than on every answer.
    private static readonly ConditionalWeakTable<KnowledgeSnapshot, IReadOnlyList<(string Question, string? BestPassageId)>> SuggestionBestPassages = new();

    private static IReadOnlyList<(string Question, string? BestPassageId)> SuggestionsWithTheirBestPassage(KnowledgeSnapshot snapshot) =>
        SuggestionBestPassages.GetValue(snapshot, loaded => Declining.Suggestions(loaded.Knowledge)
            .Select(suggestion => (suggestion, loaded.Searcher.Search(suggestion, 1).Best?.Passage.Id))
            .ToList());

    private static Reply AnswerReply(KnowledgeSnapshot snapshot, SearchResult result, string answerId, string question)
    {
        var hedge = result.Hedged ? Declining.Hedge : null;
        var text = new StringBuilder();
        if (hedge is not null)
            text.Append(hedge).Append("\n\n");
        for (var i = 0; i < result.Hits.Count; i++)
        {
            if (i > 0)
                text.Append("\n\n");
            text.Append(i == 0 ? "" : "Also: ").Append(PlainText.Quote(result.Hits[i].Passage));
        }
        return new Reply
        {
            Kind = ReplyKind.Answer,
            Text = text.ToString(),
            Question = question,
            AnswerId = answerId,
            Confidence = result.Confidence,
            Hedge = hedge,
            Passages = result.Hits.Select(hit => new QuotedPassage(hit.Passage, hit.Score)).ToList(),
            NextSteps = NextSteps(snapshot, question, result.Hits.Select(hit => hit.Passage.Id).ToList()),
            Choices =
            [
                new ReplyChoice("Helpful", new RateAnswerAction(answerId, Helpful: true), ChoiceStyle.Primary),
                new ReplyChoice("Not helpful", new RateAnswerAction(answerId, Helpful: false)),
                new ReplyChoice("More like this", new MoreLikeAction(answerId, result.Hits[0].Passage.Id)),
            ],
        };
    }

    private static Reply Decline(KnowledgeSnapshot snapshot, string question, string answerId, SearchResult result)
    {
        var suggestions = Declining.Suggestions(snapshot.Knowledge).Take(3).ToList();
        var text = new StringBuilder(Declining.Message(snapshot.Knowledge, result));
        if (suggestions.Count > 0)
            text.Append("\nFor example:\n").Append(string.Join('\n', suggestions.Select(suggestion => $"- {suggestion}")));
        return new Reply
        {
            Kind = ReplyKind.Declined,
            Text = text.ToString(),
            Question = question,
            AnswerId = answerId,
            Confidence = result.Confidence,
            Choices = [.. suggestions.Select(suggestion => new ReplyChoice(suggestion, new AskAction(suggestion))), new ReplyChoice("Choose a framework", StartFlowAction.Instance, ChoiceStyle.Primary)],
        };
    }
}
