using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>A loaded knowledge base with its index, its passage vectors and its searcher: what
/// answers questions at a given moment. A reload builds a new snapshot and swaps it in whole.</summary>
public sealed class KnowledgeSnapshot : IDisposable
{
    /// <summary>The index file's entry that holds the passage vectors.</summary>
    private const string VectorsEntry = "vectors.bin";

    private KnowledgeSnapshot(PassageIndex index, PassageVectors? vectors, PassageSearcher searcher)
    {
        Index = index;
        Vectors = vectors;
        Searcher = searcher;
    }

    public KnowledgeBase Knowledge => Index.Knowledge;
    public PassageIndex Index { get; }

    /// <summary>The passages' vectors; null when the snapshot searches by words alone.</summary>
    public PassageVectors? Vectors { get; }

    public PassageSearcher Searcher { get; }

    /// <summary>Loads <paramref name="knowledgeDirectory"/> and indexes it in memory; unless
    /// <see cref="SearchOptions.Semantic"/> is off, also embeds its passages (those not in the
    /// cache).</summary>
    public static KnowledgeSnapshot Build(string knowledgeDirectory, SearchOptions? options = null) =>
        From(PassageIndex.Build(KnowledgeBase.Load(knowledgeDirectory)), options ?? new SearchOptions(), carried: null);

    /// <summary>Opens an index file written by <see cref="Save"/>; its vectors are used when they
    /// were made by this model, and any passage without one is embedded.</summary>
    public static KnowledgeSnapshot Open(string indexFile, SearchOptions? options = null)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var index = PassageIndex.Open(indexFile, entries);
        VectorStore? carried = null;
        try
        {
            if (entries.TryGetValue(VectorsEntry, out var bytes))
                carried = VectorStore.Read(bytes);
        }
        catch (InvalidDataException error)
        {
            index.Dispose();
            throw new IndexFileException(indexFile, $"has unreadable passage vectors ({error.Message}); rebuild it with the 'index' command");
        }
        return From(index, options ?? new SearchOptions(), carried);
    }

    /// <summary>Writes the index, the knowledge it was built from and the passage vectors to one file.</summary>
    public void Save(string path) =>
        Index.SaveTo(path, Vectors is null ? null : new Dictionary<string, byte[]> { [VectorsEntry] = Vectors.ToStore().ToBytes() });

    private static KnowledgeSnapshot From(PassageIndex index, SearchOptions options, VectorStore? carried)
    {
        try
        {
            var embeddings = options.Embeddings();
            var vectors = embeddings is null ? null : PassageVectors.Compute(index.Knowledge, embeddings, carried);
            return new KnowledgeSnapshot(index, vectors, new PassageSearcher(index, options, vectors, embeddings?.Embedder));
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    public void Dispose() => Index.Dispose();
}
