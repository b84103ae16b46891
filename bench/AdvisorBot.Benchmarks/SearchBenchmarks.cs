using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;
using BenchmarkDotNet.Attributes;

namespace AdvisorBot.Benchmarks;

/// <summary>
/// The two speeds a user feels: how long start-up spends indexing <c>knowledge/</c> (target well
/// under a second) and how long one question takes (target p50 under 1 ms). Percentiles are in
/// the table's P50/P95 columns.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class SearchBenchmarks
{
    // Questions of every kind: answerable, comparisons, synonyms, and off-topic ones that are declined.
    private static readonly string[] Questions =
    [
        "Does Flask come with an ORM?",
        "Which framework gives me an admin panel out of the box?",
        "Is Django or Flask faster for simple requests?",
        "How do I handle user login in Flask?",
        "Which framework for a prototype or MVP?",
        "What's the weather in Berlin tomorrow?",
        "How do I configure a Kubernetes ingress controller?",
        "Is Django good for large scale apps with many users and a big team?",
    ];

    private string _knowledgeDirectory = "";
    private KnowledgeBase _knowledge = null!;
    private KnowledgeSnapshot _snapshot = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _knowledgeDirectory = KnowledgeLocation.Find();
        _knowledge = KnowledgeBase.Load(_knowledgeDirectory);
        _snapshot = KnowledgeSnapshot.Build(_knowledgeDirectory);
        // Warm the stem cache as a running bot's would be.
        foreach (var question in Questions)
            _snapshot.Searcher.Search(question);
    }

    [GlobalCleanup]
    public void Cleanup() => _snapshot.Dispose();

    /// <summary>Start-up work: read and parse every article, then build the FTS5 index.</summary>
    [Benchmark]
    public int LoadAndIndexKnowledge()
    {
        using var snapshot = KnowledgeSnapshot.Build(_knowledgeDirectory);
        return snapshot.Knowledge.Passages.Count;
    }

    /// <summary>Building the FTS5 index alone, from articles already parsed.</summary>
    [Benchmark]
    public int BuildIndex()
    {
        using var index = PassageIndex.Build(_knowledge);
        return index.PassageCount;
    }

    /// <summary>One question, end to end: parse, FTS5 match, re-rank, confidence.</summary>
    [Benchmark]
    public int Query()
    {
        var question = Questions[_next++ % Questions.Length];
        return _snapshot.Searcher.Search(question).Hits.Count;
    }
}
