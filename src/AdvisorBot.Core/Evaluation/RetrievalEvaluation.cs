using System.Text.Json;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Core.Evaluation;

/// <summary>One evaluation question: the evidence phrases a relevant passage contains; none for
/// a question the knowledge base cannot answer.</summary>
public sealed record EvaluationQuestion(string Question, IReadOnlyList<string> Evidence)
{
    public bool IsAnswerable => Evidence.Count > 0;

    /// <summary>True when the passage's heading and text, normalised, hold an evidence phrase.</summary>
    public bool IsAnsweredBy(Passage passage)
    {
        var text = EvidenceText.Normalize($"{passage.Heading}\n{passage.Text}");
        return Evidence.Any(phrase => text.Contains(EvidenceText.Normalize(phrase), StringComparison.Ordinal));
    }

    /// <summary>Reads JSON lines of <c>{"question": ..., "evidence": [...]}</c>; a bad line is
    /// reported with its number.</summary>
    public static IReadOnlyList<EvaluationQuestion> ReadJsonLines(TextReader reader, string name)
    {
        var questions = new List<EvaluationQuestion>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var question = root.GetProperty("question").GetString();
                if (string.IsNullOrWhiteSpace(question))
                    throw new FormatException("'question' is empty");
                var evidence = root.TryGetProperty("evidence", out var list)
                    ? list.EnumerateArray().Select(item => item.GetString() ?? "").Where(item => item.Length > 0).ToList()
                    : [];
                questions.Add(new EvaluationQuestion(question, evidence));
            }
            catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new FormatException($"{name}:{number}: not an evaluation question ({error.Message})", error);
            }
        }
        return questions;
    }
}

/// <summary>The retrieval metrics of shared/eval/README.md, over one question set.</summary>
public sealed record RetrievalReport(
    int Answerable,
    int Unanswerable,
    double RecallAt1,
    double RecallAt3,
    double MrrAt10,
    int UnanswerableDeclined,
    int AnswerableDeclined,
    IReadOnlyList<QuestionOutcome> Outcomes);

/// <summary>How one question fared: the rank of its first relevant passage (null if none in the top 10).</summary>
public sealed record QuestionOutcome(EvaluationQuestion Question, bool Answered, int? FirstRelevantRank, string? TopPassageId);

public static class RetrievalEvaluation
{
    public static RetrievalReport Run(PassageSearcher searcher, IReadOnlyList<EvaluationQuestion> questions) =>
        Run((question, top) => searcher.Search(question, top), questions);

    /// <summary>The metrics for any search: ours, or a baseline to compare it with.</summary>
    public static RetrievalReport Run(Func<string, int, SearchResult> search, IReadOnlyList<EvaluationQuestion> questions)
    {
        var outcomes = new List<QuestionOutcome>();
        foreach (var question in questions)
        {
            var result = search(question.Question, 10);
            int? rank = null;
            for (var i = 0; i < result.Hits.Count; i++)
            {
                if (question.IsAnsweredBy(result.Hits[i].Passage))
                {
                    rank = i + 1;
                    break;
                }
            }
            outcomes.Add(new QuestionOutcome(question, result.Answered, rank, result.Best?.Passage.Id));
        }

        var answerable = outcomes.Where(outcome => outcome.Question.IsAnswerable).ToList();
        var unanswerable = outcomes.Where(outcome => !outcome.Question.IsAnswerable).ToList();
        double Share(Func<QuestionOutcome, bool> test) => answerable.Count == 0 ? 0 : (double)answerable.Count(test) / answerable.Count;
        return new RetrievalReport(
            answerable.Count,
            unanswerable.Count,
            Share(outcome => outcome.FirstRelevantRank == 1),
            Share(outcome => outcome.FirstRelevantRank <= 3),
            answerable.Count == 0 ? 0 : answerable.Sum(outcome => outcome.FirstRelevantRank is { } rank ? 1.0 / rank : 0) / answerable.Count,
            unanswerable.Count(outcome => !outcome.Answered),
            answerable.Count(outcome => !outcome.Answered),
            outcomes);
    }
}
