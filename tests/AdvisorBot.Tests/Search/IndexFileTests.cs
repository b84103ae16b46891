using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Search;

public class IndexFileTests
{
    [Fact]
    public void A_saved_index_answers_exactly_like_one_built_in_memory()
    {
        using var corpus = SmallCorpus.Create();
        using var output = new TempDirectory();
        var file = Path.Combine(output.Path, "index.db");
        PassageIndex.Save(KnowledgeBase.Load(corpus.Path), file);

        using var built = KnowledgeSnapshot.Build(corpus.Path);
        using var opened = KnowledgeSnapshot.Open(file);

        Assert.Equal(built.Knowledge.Fingerprint, opened.Knowledge.Fingerprint);
        Assert.Equal(built.Knowledge.Passages.Select(passage => (passage.Id, passage.Heading, passage.Text, passage.Source)),
            opened.Knowledge.Passages.Select(passage => (passage.Id, passage.Heading, passage.Text, passage.Source)));
        foreach (var question in new[] { "Does Alpha have an ORM?", "deploy beta", "weather" })
        {
            var expected = built.Searcher.Search(question);
            var actual = opened.Searcher.Search(question);
            Assert.Equal(expected.Answered, actual.Answered);
            Assert.Equal(expected.Hits.Select(hit => (hit.Passage.Id, hit.Score)), actual.Hits.Select(hit => (hit.Passage.Id, hit.Score)));
        }
    }

    [Fact]
    public void Saving_over_an_existing_index_replaces_it_whole()
    {
        using var corpus = SmallCorpus.Create();
        using var output = new TempDirectory();
        var file = Path.Combine(output.Path, "index.db");
        PassageIndex.Save(KnowledgeBase.Load(corpus.Path), file);
        corpus.Write("gamma.md", "---\ntitle: Gamma\n---\nGamma is new.\n");
        PassageIndex.Save(KnowledgeBase.Load(corpus.Path), file);

        using var opened = KnowledgeSnapshot.Open(file);
        Assert.Contains(opened.Knowledge.Passages, passage => passage.ArticleId == "gamma");
        Assert.Single(Directory.GetFiles(output.Path));
    }

    [Fact]
    public void A_file_that_is_not_an_index_is_refused_clearly()
    {
        using var output = new TempDirectory();
        var file = output.Write("index.db", "this is not an index");

        var error = Assert.Throws<IndexFileException>(() => KnowledgeSnapshot.Open(file));
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void A_missing_index_file_is_refused_with_what_to_do()
    {
        var error = Assert.Throws<IndexFileException>(() => KnowledgeSnapshot.Open("/nonexistent/index.db"));
        Assert.Contains("index", error.Message);
    }
}
