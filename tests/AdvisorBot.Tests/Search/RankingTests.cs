using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Search;

public class RankingTests(SmallCorpusSnapshot fixture) : IClassFixture<SmallCorpusSnapshot>
{
    private readonly KnowledgeSnapshot _snapshot = fixture.Snapshot;

    private string BestPassageId(string question)
    {
        var result = _snapshot.Searcher.Search(question);
        Assert.True(result.Answered, $"'{question}' was declined (confidence {result.Confidence})");
        return result.Hits[0].Passage.Id;
    }

    [Theory]
    [InlineData("Does Alpha generate an admin panel?", "alpha-guide/alpha-features/1")]
    [InlineData("How steep is the learning curve?", "alpha-guide/alpha-weaknesses/1")]
    [InlineData("How do I deploy Beta?", "beta-notes/beta-deployment/1")]
    [InlineData("routing with decorators", "beta-notes/beta-routing/1")]
    [InlineData("Is there protection against SQL injection?", "alpha-guide/security/1")]
    public void The_passage_that_answers_comes_first(string question, string expectedId)
    {
        Assert.Equal(expectedId, BestPassageId(question));
    }

    [Fact]
    public void A_count_is_declined_only_when_no_article_counts_what_is_asked()
    {
        using var corpus = SmallCorpus.Create();
        corpus.Write("beta-workers.md", "---\ntitle: Beta Workers\n---\n# Beta Workers\n\nBeta starts 4 worker processes by default, one for each core.\n");
        using var snapshot = Snapshots.Build(corpus.Path);

        Assert.DoesNotContain("a count the articles never give", snapshot.Searcher.Explain("how many workers does Beta start?").ConfidenceBasis);
        var servers = snapshot.Searcher.Explain("how many servers does an Alpha site need?");
        Assert.Contains("declined: asks \"how many servers\", a count the articles never give", servers.ConfidenceBasis);
        Assert.False(servers.Answered);
    }

    [Fact]
    public void Stemming_matches_other_forms_of_a_word()
    {
        Assert.Equal("beta-notes/beta-deployment/1", BestPassageId("deployment of beta"));
        Assert.Equal("alpha-guide/alpha-features/1", BestPassageId("Alpha generating admin panels"));
    }

    [Fact]
    public void A_synonym_in_the_vocabulary_finds_the_passage_that_uses_the_other_word()
    {
        // The question says "ORM"; the Alpha passage says "object-relational mapper".
        Assert.Equal("alpha-guide/alpha-features/1", BestPassageId("Does Alpha have an ORM?"));
    }

    [Fact]
    public void Naming_a_subject_ranks_passages_about_that_subject_first()
    {
        // Both frameworks have a passage about databases; the one asked about wins.
        Assert.Equal("beta-notes/beta-overview/1", BestPassageId("Does Beta have an ORM?"));
        Assert.Equal("alpha-guide/alpha-features/1", BestPassageId("Does Alpha have an ORM?"));
    }

    [Theory]
    [InlineData("What's the weather in Berlin tomorrow?")]
    [InlineData("How do I bake sourdough bread?")]
    [InlineData("React or Vue?")]
    [InlineData("Can you reset my VPN password?")]
    [InlineData("hello")]
    [InlineData("")]
    public void A_question_the_knowledge_base_cannot_answer_is_declined_with_no_passages(string question)
    {
        var result = _snapshot.Searcher.Search(question);

        Assert.False(result.Answered);
        Assert.Empty(result.Hits);
        Assert.True(result.Confidence < _snapshot.Searcher.Options.MinConfidence);
    }

    [Fact]
    public void Answered_questions_are_more_confident_than_declined_ones()
    {
        var answered = _snapshot.Searcher.Search("Does Alpha have an ORM?");
        var declined = _snapshot.Searcher.Search("Does Alpha have a weather forecast for sailing?");

        Assert.True(answered.Answered);
        Assert.False(declined.Answered);
        Assert.True(answered.Confidence > declined.Confidence);
    }

    [Fact]
    public void Top_limits_the_number_of_passages_and_scores_descend()
    {
        var result = _snapshot.Searcher.Search("alpha admin panel", top: 2);

        Assert.InRange(result.Hits.Count, 1, 2);
        Assert.Equal(result.Hits.OrderByDescending(hit => hit.Score).Select(hit => hit.Passage.Id), result.Hits.Select(hit => hit.Passage.Id));
    }

    [Theory]
    [InlineData("Is it difficult to master?", "alpha-guide/alpha-weaknesses/1")]
    [InlineData("Is it safe from hackers?", "alpha-guide/security/1")]
    public void A_paraphrase_that_shares_no_word_with_the_passage_still_ranks_it_first(string question, string expectedId)
    {
        var explanation = _snapshot.Searcher.Explain(question);

        var best = explanation.Passages[0];
        Assert.Equal(expectedId, best.Passage.Id);
        Assert.Equal(0, best.Bm25);
        Assert.True(best.Cosine > explanation.Passages[1].Cosine);
    }
}
