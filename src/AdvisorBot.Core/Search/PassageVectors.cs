using System.Text;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>
/// One vector per passage (of its headings and text), for semantic retrieval: a question's vector
/// is compared with every passage's by exact cosine. Vectors come from the index file when it
/// carries them, else from the cache, else from the model, so only new or changed passages are
/// embedded.
/// </summary>
public sealed class PassageVectors
{
    private readonly float[][] _vectors;
    private readonly string[] _keys;

    private PassageVectors(float[][] vectors, string[] keys, int embedded)
    {
        _vectors = vectors;
        _keys = keys;
        Embedded = embedded;
    }

    /// <summary>How many passages had no vector yet and were embedded by the model.</summary>
    public int Embedded { get; }

    /// <summary>How many passages' vectors were found ready (cache or index file).</summary>
    public int Reused => _vectors.Length - Embedded;

    /// <summary>What is embedded for a passage: its headings below the article title, then its
    /// prose. Code samples are left out: the model reads sentences, and a page of code says less to
    /// it about what the passage means than the sentence introducing it.</summary>
    public static string TextOf(Passage passage)
    {
        var text = new StringBuilder(string.Join(" > ", passage.HeadingPath.Count > 1 ? passage.SectionHeadings : passage.HeadingPath));
        var inCode = false;
        foreach (var line in passage.Text.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                inCode = !inCode;
            else if (!inCode)
                text.Append('\n').Append(line);
        }
        return text.ToString();
    }

    public static PassageVectors Compute(KnowledgeBase knowledge, EmbeddingSource source, VectorStore? carried = null)
    {
        var texts = knowledge.Passages.Select(TextOf).ToList();
        var keys = texts.Select(source.Embedder.KeyOf).ToArray();
        var cached = source.Cache?.Load();
        var vectors = new float[texts.Count][];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (carried?.Vectors.TryGetValue(keys[i], out var vector) == true || cached?.Vectors.TryGetValue(keys[i], out vector) == true)
                vectors[i] = vector!;
            else
                missing.Add(i);
        }
        if (missing.Count > 0)
        {
            var embedded = source.Embedder.Embed(missing.Select(i => texts[i]).ToList());
            for (var j = 0; j < missing.Count; j++)
                vectors[missing[j]] = embedded[j];
        }
        if (source.Cache is not null && (missing.Count > 0 || cached is null || keys.Any(key => !cached.Vectors.ContainsKey(key))))
        {
            // Two passages may embed the same text (parts of one code sample share their lead-in).
            var current = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++)
                current[keys[i]] = vectors[i];
            source.Cache.Save(current);
        }
        return new PassageVectors(vectors, keys, missing.Count);
    }

    /// <summary>The cosine of each passage with <paramref name="question"/>, in passage order.</summary>
    public float[] Similarities(float[] question)
    {
        var similarities = new float[_vectors.Length];
        for (var i = 0; i < _vectors.Length; i++)
            similarities[i] = SentenceEmbedder.Cosine(_vectors[i], question);
        return similarities;
    }

    /// <summary>The vectors keyed as the cache keys them, for the index file.</summary>
    public VectorStore ToStore()
    {
        var store = new VectorStore();
        for (var i = 0; i < _keys.Length; i++)
            store.Vectors[_keys[i]] = _vectors[i];
        return store;
    }
}

/// <summary>Where passage vectors come from: the model, and the cache file in front of it (none: no cache).</summary>
public sealed record EmbeddingSource(SentenceEmbedder Embedder, VectorCache? Cache = null);
