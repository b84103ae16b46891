using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Dynamic int8 quantization of an ONNX model, done as ONNX Runtime's own
/// <c>quantize_dynamic</c> does it for MatMul (weights int8, symmetric): every MatMul whose second
/// input is a float weight matrix stored in the model becomes one com.microsoft
/// <c>DynamicQuantizeMatMul</c> with that matrix in int8 and its scale. At run time the kernel
/// quantizes the activations to uint8 over their own range, multiplies in integers and scales
/// the sums back to float by (activation scale x weight scale): the node that ONNX Runtime would
/// fuse <c>quantize_dynamic</c>'s DynamicQuantizeLinear, MatMulInteger, Cast and Mul into.
/// Everything else (attention scores, layer norms, GELU, the token embeddings) stays in float.
///
/// The result depends only on the input model and the options, so the same package gives the
/// same quantized model on every machine, and it is made in memory at load, never stored.
/// </summary>
internal static class Int8Quantization
{
    private const string MicrosoftDomain = "com.microsoft";
    private const int FloatType = 1;   // TensorProto.DataType FLOAT
    private const int Int8Type = 3;    // TensorProto.DataType INT8

    /// <summary>The quantized model, serialized; <paramref name="floatModel"/> is left as it is.</summary>
    /// <exception cref="InvalidDataException">The model has no weight matrix to quantize, or one
    /// stored in a form this does not read.</exception>
    public static byte[] Quantize(byte[] floatModel, Int8Scheme scheme)
    {
        var model = ModelProto.Parser.ParseFrom(floatModel);
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
        // A weight read by anything else besides its MatMul keeps its float copy for that reader.
        var readers = graph.Node.SelectMany(node => node.Input).Where(input => input.Length > 0)
            .GroupBy(input => input, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        var quantized = 0;
        for (var i = 0; i < graph.Node.Count; i++)
        {
            var node = graph.Node[i];
            if (node.OpType != "MatMul" || node.Domain.Length > 0 || node.Input.Count != 2
                || !initializers.TryGetValue(node.Input[1], out var weight) || weight.DataType != FloatType || weight.Dims.Count != 2)
                continue;
            var (values, scales) = QuantizeWeight(weight, scheme);
            var name = weight.Name;
            graph.Initializer.Add(values);
            graph.Initializer.Add(scales);
            var replacement = new NodeProto
            {
                Name = $"{node.Name}_quant",
                OpType = "DynamicQuantizeMatMul",
                Domain = MicrosoftDomain,
                Input = { node.Input[0], values.Name, scales.Name },
                Output = { node.Output },
            };
            graph.Node[i] = replacement;
            if (--readers[name] == 0)
            {
                graph.Initializer.Remove(weight);
                // Older exporters list every initializer among the graph's inputs too.
                var asInput = graph.Input.FirstOrDefault(input => input.Name == name);
                if (asInput is not null)
                    graph.Input.Remove(asInput);
            }
            quantized++;
        }
        if (quantized == 0)
            throw new InvalidDataException("the model has no MatMul with a float weight matrix to quantize");
        if (!model.OpsetImport.Any(opset => opset.Domain == MicrosoftDomain))
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        return model.ToByteArray();
    }

    /// <summary>
    /// The weight matrix (K rows x N columns) as int8 and its scale: symmetric around zero, so
    /// the zero point is 0 and a scale maps the largest magnitude to the largest level, with
    /// values rounded half to even as numpy's <c>rint</c> does in <c>quantize_dynamic</c>.
    /// </summary>
    private static (TensorProto Values, TensorProto Scales) QuantizeWeight(TensorProto weight, Int8Scheme scheme)
    {
        var rows = checked((int)weight.Dims[0]);
        var columns = checked((int)weight.Dims[1]);
        var floats = ReadFloats(weight, rows * columns);
        var levels = scheme.ReducedRange ? 63f : 127f;
        var scales = new float[scheme.PerColumn ? columns : 1];
        for (var k = 0; k < rows; k++)
        {
            for (var n = 0; n < columns; n++)
            {
                ref var largest = ref scales[scheme.PerColumn ? n : 0];
                largest = MathF.Max(largest, MathF.Abs(floats[k * columns + n]));
            }
        }
        for (var s = 0; s < scales.Length; s++)
            scales[s] = scales[s] == 0 ? 1f : scales[s] / levels;
        var values = new byte[rows * columns];
        for (var k = 0; k < rows; k++)
        {
            for (var n = 0; n < columns; n++)
            {
                var level = MathF.Round(floats[k * columns + n] / scales[scheme.PerColumn ? n : 0], MidpointRounding.ToEven);
                values[k * columns + n] = unchecked((byte)(sbyte)Math.Clamp(level, -levels, levels));
            }
        }
        var scaleBytes = new byte[scales.Length * sizeof(float)];
        for (var s = 0; s < scales.Length; s++)
            BinaryPrimitives.WriteSingleLittleEndian(scaleBytes.AsSpan(s * sizeof(float)), scales[s]);
        var valuesTensor = new TensorProto { Name = $"{weight.Name}_quantized", DataType = Int8Type, Dims = { rows, columns }, RawData = ByteString.CopyFrom(values) };
        var scaleTensor = new TensorProto { Name = $"{weight.Name}_scale", DataType = FloatType, RawData = ByteString.CopyFrom(scaleBytes) };
        if (scheme.PerColumn)
            scaleTensor.Dims.Add(columns);
        return (valuesTensor, scaleTensor);
    }

    private static float[] ReadFloats(TensorProto tensor, int count)
    {
        if (tensor.DataLocation != TensorProto.Types.DataLocation.Default)
            throw new InvalidDataException($"weight {tensor.Name} is stored outside the model");
        if (tensor.FloatData.Count == count)
            return [.. tensor.FloatData];
        var raw = tensor.RawData.Span;
        if (raw.Length != count * sizeof(float))
            throw new InvalidDataException($"weight {tensor.Name} holds {raw.Length} bytes, not {count} floats");
        var floats = new float[count];
        for (var i = 0; i < count; i++)
            floats[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        return floats;
    }
}

/// <summary>How weights are quantized: one scale per column of a weight matrix or one for the
/// whole matrix; levels -127..127, or -63..63 (ONNX Runtime's <c>reduce_range</c>, which keeps
/// the products of processors without VNNI from saturating their 16-bit sums).</summary>
internal sealed record Int8Scheme(bool PerColumn, bool ReducedRange)
{
    public static readonly Int8Scheme Default = new(PerColumn: true, ReducedRange: true);
}
