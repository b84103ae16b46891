using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AdvisorBot.Benchmarks;

/// <summary>Questions of every kind: answerable, comparisons, synonyms, typos, paraphrases and
/// off-topic ones that are declined.</summary>
internal static class Questions
{
    public static readonly string[] All =
    [
        "Does Flask come with an ORM?",
        "Which framework gives me an admin panel out of the box?",
        "Is Django or Flask faster for simple requests?",
        "How do I handle user login in Flask?",
        "whats werkzueg used for in flask",
        "We're a 3-person startup building an MVP in six weeks. Which should we pick?",
        "What's the weather in Berlin tomorrow?",
        "Who directed Django Unchained?",
    ];

    /// <summary>A vector cache in a fresh temporary folder.</summary>
    public static SearchOptions WithCacheIn(string folder) => new() { VectorCache = Path.Combine(folder, "vectors.bin") };
}

/// <summary>
/// One question, end to end (analysis, fuzzy matching, BM25, re-ranking, confidence): by words
/// alone, and in full with the question embedded and compared with every passage. Targets: full
/// p50 at most 5 ms. Percentiles are in the P50/P95 columns. The question-vector cache is off, so
/// every query runs the model as a question never asked before does (the few questions here repeat).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class QueryBenchmarks
{
    private readonly string _cache = Directory.CreateTempSubdirectory("advisorbot-bench-").FullName;
    private KnowledgeSnapshot _lexical = null!;
    private KnowledgeSnapshot _full = null!;
    private KnowledgeSnapshot _fullInt8 = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var directory = KnowledgeLocation.Find();
        _lexical = KnowledgeSnapshot.Build(directory, new SearchOptions { Semantic = false });
        var options = Questions.WithCacheIn(_cache);
        options.QuestionCacheSize = 0;
        _full = KnowledgeSnapshot.Build(directory, options);
        options.QuantizedModel = true;
        _fullInt8 = KnowledgeSnapshot.Build(directory, options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _lexical.Dispose();
        _full.Dispose();
        _fullInt8.Dispose();
        Directory.Delete(_cache, recursive: true);
    }

    [Benchmark]
    public int QueryLexicalOnly() => _lexical.Searcher.Search(Questions.All[_next++ % Questions.All.Length]).Hits.Count;

    [Benchmark]
    public int QueryFull() => _full.Searcher.Search(Questions.All[_next++ % Questions.All.Length]).Hits.Count;

    /// <summary>The same with the int8 model (Search:QuantizedModel).</summary>
    [Benchmark]
    public int QueryFullInt8() => _fullInt8.Searcher.Search(Questions.All[_next++ % Questions.All.Length]).Hits.Count;

    private static readonly SentenceEmbedder Uncached = SentenceEmbedder.For(QuestionEmbedding.Default with { CacheSize = 0 });
    private static readonly SentenceEmbedder UncachedInt8 = SentenceEmbedder.For(QuestionEmbedding.Default with { CacheSize = 0 }, quantized: true);

    /// <summary>The model's share of a full query: embedding the question alone.</summary>
    [Benchmark]
    public int EmbedQuestionOnly() => Uncached.EmbedQuestion(Questions.All[_next++ % Questions.All.Length]).Length;

    /// <summary>The int8 model's share.</summary>
    [Benchmark]
    public int EmbedQuestionOnlyInt8() => UncachedInt8.EmbedQuestion(Questions.All[_next++ % Questions.All.Length]).Length;
}

/// <summary>
/// Start-up and reload work: read and parse every article, build the Lucene index, and (warm) take
/// every passage vector from the cache file. The model is loaded once, in the setup.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class IndexBenchmarks
{
    private readonly string _cache = Directory.CreateTempSubdirectory("advisorbot-bench-").FullName;
    private string _directory = "";
    private KnowledgeBase _knowledge = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = KnowledgeLocation.Find();
        _knowledge = KnowledgeBase.Load(_directory);
        var options = Questions.WithCacheIn(_cache);
        KnowledgeSnapshot.Build(_directory, options).Dispose();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_cache, recursive: true);

    /// <summary>The Lucene index alone, from articles already parsed.</summary>
    [Benchmark]
    public int BuildLuceneIndex()
    {
        using var index = PassageIndex.Build(_knowledge);
        return index.PassageCount;
    }

    /// <summary>Everything a start-up or reload does with a warm vector cache.</summary>
    [Benchmark]
    public int LoadIndexAndVectorsWarm()
    {
        var options = Questions.WithCacheIn(_cache);
        using var snapshot = KnowledgeSnapshot.Build(_directory, options);
        return snapshot.Vectors!.Reused;
    }
}

/// <summary>
/// The same with no vector cache: every passage embedded by the model. Seconds per run, so a few
/// runs only.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[Config(typeof(PercentileConfig))]
public class ColdIndexBenchmarks
{
    private string _directory = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = KnowledgeLocation.Find();
        _ = SentenceEmbedder.Shared;
    }

    [IterationSetup]
    public void ForgetVectors() => SentenceEmbedder.Shared.Forget();

    [Benchmark]
    public int LoadIndexAndVectorsCold()
    {
        var options = new SearchOptions { VectorCache = "" };
        using var snapshot = KnowledgeSnapshot.Build(_directory, options);
        return snapshot.Vectors!.Embedded;
    }
}
