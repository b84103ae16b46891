using AdvisorBot.Core.Evaluation;
using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Search;

/// <summary>
/// The shipped articles answer the questions users ask most, with the passage that says it
/// first, and decline what they do not cover. A guard against ranking regressions.
/// </summary>
public class ShippedKnowledgeTests : IClassFixture<ShippedKnowledgeTests.Snapshot>
{
    private readonly KnowledgeSnapshot _snapshot;

    public ShippedKnowledgeTests(Snapshot snapshot) => _snapshot = snapshot.Value;

    public sealed class Snapshot : IDisposable
    {
        public KnowledgeSnapshot Value { get; } = KnowledgeSnapshot.Build(RepositoryPaths.Knowledge);

        public void Dispose() => Value.Dispose();
    }

    [Theory]
    [InlineData("Is Flask a good fit for a REST API?", "REST API")]
    [InlineData("Does Django include user authentication?", "Django includes built-in authentication")]
    [InlineData("How do I add an admin interface to Flask?", "Flask does not provide a built-in admin interface")]
    [InlineData("What template engine does Flask ship with?", "Jinja2")]
    [InlineData("Can Django do async?", "Django 3.0+ and Flask both support async")]
    [InlineData("Which framework should a beginner start with?", "beginner")]
    public void A_common_question_gets_the_passage_that_answers_it_first(string question, string evidence)
    {
        var result = _snapshot.Searcher.Search(question);

        Assert.True(result.Answered, $"declined with confidence {result.Confidence}");
        var best = result.Hits[0].Passage;
        Assert.Contains(EvidenceText.Normalize(evidence), EvidenceText.Normalize($"{best.Heading}\n{best.Text}"));
    }

    [Theory]
    [InlineData("What's the best pizza in Naples?")]
    [InlineData("How do I install Windows 11?")]
    [InlineData("Tell me about Spring Boot")]
    [InlineData("Should I use React or Vue for my frontend?")]
    public void A_question_the_articles_do_not_cover_is_declined(string question)
    {
        Assert.False(_snapshot.Searcher.Search(question).Answered);
    }
}
