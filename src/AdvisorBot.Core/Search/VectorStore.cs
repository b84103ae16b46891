using System.Text;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Passage vectors keyed by <see cref="SentenceEmbedder.KeyOf"/> (a hash of the model and the
/// embedded text), in one binary format for the on-disk cache and for the index file: a header
/// naming the model and the dimensions, then each key with its vector. The float model and its
/// int8 variant share the header (their vectors are alike in form), and are told apart by their
/// keys, so one file may hold both.
/// </summary>
public sealed class VectorStore
{
    private const string Magic = "AdvisorBot vectors 1";

    public Dictionary<string, float[]> Vectors { get; } = new(StringComparer.Ordinal);

    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(SentenceEmbedder.ModelId);
        writer.Write(SentenceEmbedder.Dimensions);
        writer.Write(Vectors.Count);
        foreach (var (key, vector) in Vectors.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            foreach (var component in vector)
                writer.Write(component);
        }
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        Write(buffer);
        return buffer.ToArray();
    }

    /// <summary>Reads a store; one written for another model gives an empty store, since its
    /// vectors cannot be compared with this model's.</summary>
    /// <exception cref="InvalidDataException">The data is not a vector store.</exception>
    public static VectorStore Read(Stream stream)
    {
        var store = new VectorStore();
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("not a vector store");
            var model = reader.ReadString();
            var dimensions = reader.ReadInt32();
            if (model != SentenceEmbedder.ModelId || dimensions != SentenceEmbedder.Dimensions)
                return store;
            var count = reader.ReadInt32();
            if (count < 0)
                throw new InvalidDataException("a negative count of vectors");
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                var vector = new float[dimensions];
                for (var j = 0; j < dimensions; j++)
                    vector[j] = reader.ReadSingle();
                store.Vectors[key] = vector;
            }
            return store;
        }
        catch (EndOfStreamException error)
        {
            throw new InvalidDataException("the vector store ends early", error);
        }
    }

    public static VectorStore Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Read(stream);
    }
}
