using AdvisorBot.Core.Search;

namespace AdvisorBot.Tests.Support;

/// <summary>
/// Knowledge snapshots built as the host builds them: Lucene index and passage vectors from the
/// real embedding model. The model is loaded once per test run (<see cref="SentenceEmbedder.Shared"/>),
/// and the vectors it makes are remembered for the run, so only the first snapshot of a corpus
/// pays for embedding it.
/// </summary>
public static class Snapshots
{
    /// <summary>No cache file: tests leave nothing behind, and the embedder remembers for the run.</summary>
    public static SearchOptions Options() => new() { VectorCache = "" };

    public static KnowledgeSnapshot Build(string knowledgeDirectory) =>
        KnowledgeSnapshot.Build(knowledgeDirectory, Options());

    public static KnowledgeSnapshot Open(string indexFile) =>
        KnowledgeSnapshot.Open(indexFile, Options());
}
