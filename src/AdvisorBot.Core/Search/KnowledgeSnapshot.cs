using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>A loaded knowledge base with its index and searcher: what answers questions at a
/// given moment. A reload builds a new snapshot and swaps it in whole.</summary>
public sealed class KnowledgeSnapshot : IDisposable
{
    private KnowledgeSnapshot(PassageIndex index, PassageSearcher searcher)
    {
        Index = index;
        Searcher = searcher;
    }

    public KnowledgeBase Knowledge => Index.Knowledge;
    public PassageIndex Index { get; }
    public PassageSearcher Searcher { get; }

    /// <summary>Loads <paramref name="knowledgeDirectory"/> and indexes it in memory.</summary>
    public static KnowledgeSnapshot Build(string knowledgeDirectory, SearchOptions? options = null) =>
        From(PassageIndex.Build(KnowledgeBase.Load(knowledgeDirectory)), options);

    /// <summary>Opens an index file written by the <c>index</c> verb.</summary>
    public static KnowledgeSnapshot Open(string indexFile, SearchOptions? options = null) =>
        From(PassageIndex.Open(indexFile), options);

    private static KnowledgeSnapshot From(PassageIndex index, SearchOptions? options)
    {
        try
        {
            return new KnowledgeSnapshot(index, new PassageSearcher(index, options));
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    public void Dispose() => Index.Dispose();
}
