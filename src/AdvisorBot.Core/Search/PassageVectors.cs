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

    // The passages' mean vector, its squared length, and for each passage its dot product with
    // the mean and its distance from it: what the centred cosine needs besides the plain one.
    private readonly float[] _mean;
    private readonly float _meanSquare;
    private readonly float[] _passageDotMean;
    private readonly float[] _passageFromMean;

    private PassageVectors(float[][] vectors, string[] keys, int embedded)
    {
        _vectors = vectors;
        _keys = keys;
        Embedded = embedded;
        _mean = new float[SentenceEmbedder.Dimensions];
        foreach (var vector in vectors)
        {
            for (var k = 0; k < _mean.Length; k++)
                _mean[k] += vector[k] / vectors.Length;
        }
        _meanSquare = SentenceEmbedder.Cosine(_mean, _mean);
        _passageDotMean = vectors.Select(vector => SentenceEmbedder.Cosine(vector, _mean)).ToArray();
        _passageFromMean = _passageDotMean.Select(dot => DistanceFromMean(dot)).ToArray();
    }

    // |v - mean| for a unit vector v whose dot product with the mean is dot.
    private float DistanceFromMean(float dot) => MathF.Sqrt(MathF.Max(0, 1 - 2 * dot + _meanSquare));

    // Below this distance from the mean a vector has no direction of its own to compare (one
    // passage alone is its own mean).
    private const float NoDirection = 1e-4f;

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

    /// <summary>
    /// The cosine of each passage with <paramref name="question"/>, in passage order, plain and
    /// centred. Centred, the passages' mean vector is taken from both sides first: every passage
    /// of articles comparing two frameworks shares a direction ("Python web frameworks compared"),
    /// and a general passage that is only that is near any question naming the frameworks; less
    /// that shared part, what sets a passage apart decides which is nearest. It costs no more than
    /// the plain cosine: cos(q - m, p - m) = (q·p - q·m - p·m + m·m) / (|q - m| |p - m|), and
    /// all but q·p and q·m are worked out once per passage.
    /// </summary>
    public QuestionCosines Similarities(float[] question)
    {
        var plain = new float[_vectors.Length];
        var centred = new float[_vectors.Length];
        var questionDotMean = SentenceEmbedder.Cosine(question, _mean);
        var questionFromMean = DistanceFromMean(questionDotMean);
        for (var i = 0; i < _vectors.Length; i++)
        {
            plain[i] = SentenceEmbedder.Cosine(_vectors[i], question);
            centred[i] = questionFromMean < NoDirection || _passageFromMean[i] < NoDirection
                ? plain[i]
                : (plain[i] - questionDotMean - _passageDotMean[i] + _meanSquare) / (questionFromMean * _passageFromMean[i]);
        }
        return new QuestionCosines(plain, centred);
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

/// <summary>A question's cosines with every passage, in passage order: <paramref name="Plain"/>, on
/// the model's own scale (what confidence is fitted on), and <paramref name="Centred"/> (see
/// <see cref="PassageVectors.Similarities"/>), what ranks the passages by meaning.</summary>
public sealed record QuestionCosines(float[] Plain, float[] Centred);

/// <summary>Where passage vectors come from: the model, and the cache file in front of it (none: no cache).</summary>
public sealed record EmbeddingSource(SentenceEmbedder Embedder, VectorCache? Cache = null);
