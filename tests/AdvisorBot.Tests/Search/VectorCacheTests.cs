using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Search;

/// <summary>Passage vectors are cached on disk by a hash of the passage and the model, so a
/// restart or a reload embeds only passages it has not seen.</summary>
public sealed class VectorCacheTests : IDisposable
{
    private readonly TempDirectory _corpus = SmallCorpus.Create();
    private readonly TempDirectory _data = new();

    private SearchOptions Options => new() { VectorCache = Path.Combine(_data.Path, "vectors.bin") };

    private KnowledgeSnapshot Build() => KnowledgeSnapshot.Build(_corpus.Path, Options);

    [Fact]
    public void A_restart_reuses_every_vector_and_a_change_embeds_only_the_changed_passage()
    {
        int passages;
        using (var first = Build())
        {
            passages = first.Knowledge.Passages.Count;
            Assert.Equal(passages, first.Vectors!.Embedded);
        }
        Assert.True(File.Exists(Options.VectorCache));

        using (var restarted = Build())
        {
            Assert.Equal(0, restarted.Vectors!.Embedded);
            Assert.Equal(passages, restarted.Vectors.Reused);
        }

        _corpus.Write("beta-notes.md", SmallCorpus.BetaNotes.Replace("such as Gunicorn", "such as uWSGI"));
        using var changed = Build();
        Assert.Equal(1, changed.Vectors!.Embedded);
        Assert.Equal(passages - 1, changed.Vectors.Reused);
    }

    [Fact]
    public void Cached_vectors_rank_exactly_as_freshly_embedded_ones()
    {
        using (Build())
        {
        }
        using var cached = Build();
        using var fresh = Snapshots.Build(_corpus.Path);

        Assert.Equal(0, cached.Vectors!.Embedded);
        foreach (var question in new[] { "Does Alpha have an ORM?", "Is it difficult to master?", "deploy beta" })
        {
            Assert.Equal(fresh.Searcher.Explain(question).Passages.Select(passage => (passage.Passage.Id, passage.Cosine)),
                cached.Searcher.Explain(question).Passages.Select(passage => (passage.Passage.Id, passage.Cosine)));
        }
    }

    [Fact]
    public void The_int8_models_vectors_are_cached_apart_from_the_float_models_in_the_one_file()
    {
        var int8 = Options;
        int8.QuantizedModel = true;
        int passages;
        using (var full = Build())
            passages = full.Knowledge.Passages.Count;

        using (var quantized = KnowledgeSnapshot.Build(_corpus.Path, int8))
            Assert.Equal(passages, quantized.Vectors!.Embedded);

        using var fullAgain = Build();
        using var quantizedAgain = KnowledgeSnapshot.Build(_corpus.Path, int8);
        Assert.Equal(0, fullAgain.Vectors!.Embedded);
        Assert.Equal(0, quantizedAgain.Vectors!.Embedded);
    }

    [Fact]
    public void A_damaged_cache_file_is_rebuilt_rather_than_trusted()
    {
        Directory.CreateDirectory(_data.Path);
        File.WriteAllText(Options.VectorCache!, "not vectors");

        using var snapshot = Build();

        Assert.Equal(snapshot.Knowledge.Passages.Count, snapshot.Vectors!.Embedded);
        Assert.True(snapshot.Searcher.Search("Does Alpha have an ORM?").Answered);
        using var again = Build();
        Assert.Equal(0, again.Vectors!.Embedded);
    }

    public void Dispose()
    {
        _corpus.Dispose();
        _data.Dispose();
    }
}
