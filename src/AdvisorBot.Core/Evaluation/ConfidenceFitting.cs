using AdvisorBot.Core.Search;

namespace AdvisorBot.Core.Evaluation;

/// <summary>
/// Fits the confidence model (<c>eval --fit</c>) on question sets: for each question, what
/// confidence rests on, and whether the articles answer it at all (its evidence list is not
/// empty). Off-topic questions are what confidence must learn to doubt. (Labelling instead by
/// whether a relevant passage is among the three shown was measured on 2026-12-03 and is worse:
/// it teaches confidence to doubt on-topic questions whose evidence phrases are strict, and
/// declined one paraphrase and an off-topic question fewer.)
/// </summary>
public static class ConfidenceFitting
{
    public static ConfidenceModel Fit(PassageSearcher searcher, IReadOnlyList<EvaluationQuestion> questions, IReadOnlyList<string> fittedOn)
    {
        var examples = new List<(ConfidenceFeatures, bool)>();
        foreach (var question in questions)
        {
            var features = searcher.Judge(question.Question);
            if (features is null)
                continue;
            examples.Add((features, question.IsAnswerable));
        }
        return ConfidenceModel.Fit(examples, fittedOn);
    }
}
