using AdvisorBot.Core.Evaluation;
using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Search;

/// <summary>The repository's own question sets (bench/*.jsonl) stay usable: every line is a
/// question the evaluation reads, and every answerable question has an evidence phrase (they are
/// alternatives) that some passage of the shipped articles still says, so an edit to an article
/// cannot quietly turn it into one that no passage can count for.</summary>
public sealed class QuestionSetTests(ShippedSnapshot shipped) : IClassFixture<ShippedSnapshot>
{
    private readonly KnowledgeSnapshot _snapshot = shipped.Value;

    public static TheoryData<string> Sets() =>
        new(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "bench"), "*.jsonl").Select(Path.GetFileName).OfType<string>().Order());

    [Theory]
    [MemberData(nameof(Sets))]
    public void Every_answerable_question_of_a_set_has_evidence_a_shipped_passage_says(string file)
    {
        using var reader = File.OpenText(Path.Combine(RepositoryPaths.Root, "bench", file));
        var questions = EvaluationQuestion.ReadJsonLines(reader, file);

        Assert.NotEmpty(questions);
        var unsaid = questions.Where(question => question.IsAnswerable && !_snapshot.Knowledge.Passages.Any(question.IsAnsweredBy)).ToList();
        Assert.True(unsaid.Count == 0, $"{file}: no passage says the evidence of {string.Join("; ", unsaid.Select(question => $"\"{question.Question}\""))}");
    }
}
