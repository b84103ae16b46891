using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Search;

public class HostileQueryTests(SmallCorpusSnapshot fixture) : IClassFixture<SmallCorpusSnapshot>
{
    private readonly KnowledgeSnapshot _snapshot = fixture.Snapshot;

    public static TheoryData<string> HostileQuestions => new()
    {
        "",
        "   ",
        "\"",
        "\"unbalanced quote about alpha",
        "alpha*",
        "*",
        "-alpha",
        "alpha -beta",
        "title:alpha",
        "body : orm",
        "^alpha",
        "alpha NEAR beta",
        "NEAR(alpha beta, 2)",
        "alpha AND beta",
        "alpha OR",
        "OR AND NOT",
        "(alpha",
        "alpha)) ((",
        "{alpha beta}",
        "🚀🔥 alpha 🤖",
        "\u0000alpha\u0001",
        "Ölçü ünïcödé ßtraße",
        "alpha' OR '1'='1",
        "; DROP TABLE passages; --",
        new string('x', 10_000),
        string.Concat(Enumerable.Repeat("alpha orm ", 1_000)),
    };

    [Theory]
    [MemberData(nameof(HostileQuestions))]
    public void Anything_a_user_types_searches_without_error(string question)
    {
        var result = _snapshot.Searcher.Search(question);

        Assert.Equal(question, result.Question);
        Assert.InRange(result.Confidence, 0, 1);
        Assert.True(result.Answered || result.Hits.Count == 0);
    }

    [Fact]
    public void Operators_in_a_question_are_read_as_words_not_syntax()
    {
        var plain = _snapshot.Searcher.Search("alpha orm");
        var decorated = _snapshot.Searcher.Search("\"alpha\" AND (orm*)");

        Assert.Equal(plain.Hits.Select(hit => hit.Passage.Id), decorated.Hits.Select(hit => hit.Passage.Id));
    }
}
