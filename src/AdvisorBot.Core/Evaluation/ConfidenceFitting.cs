using AdvisorBot.Core.Search;

namespace AdvisorBot.Core.Evaluation;

/// <summary>
/// Fits the confidence model (<c>eval --fit</c>) on question sets: for each question, what
/// confidence rests on, and whether the passages a user would be shown answer it (an answerable
/// question with a relevant passage among them). Off-topic questions, and answerable ones the
/// search does not answer well, are what confidence must learn to doubt.
/// </summary>
public static class ConfidenceFitting
{
    /// <summary>How many passages an answer shows: those confidence speaks for.</summary>
    private const int Shown = 3;

    public static ConfidenceModel Fit(PassageSearcher searcher, IReadOnlyList<EvaluationQuestion> questions, IReadOnlyList<string> fittedOn)
    {
        var examples = new List<(ConfidenceFeatures, bool)>();
        foreach (var question in questions)
        {
            var (features, ranked) = searcher.Judge(question.Question, Shown);
            if (features is null)
                continue;
            examples.Add((features, question.IsAnswerable));
        }
        return ConfidenceModel.Fit(examples, fittedOn);
    }
}
