namespace AdvisorBot.Core.Search;

/// <summary>
/// Passage vectors cached in one file (<see cref="VectorStore"/> format), so a restart embeds only
/// passages it has not seen. It is only a cache: a missing, damaged or other-model file is simply
/// rebuilt. It is replaced whole (written beside, then moved), so a reader never sees half of it.
/// </summary>
public sealed class VectorCache(string path)
{
    /// <summary>Vectors kept at most; past that the ones the current knowledge does not use are dropped.</summary>
    private const int MaxVectors = 20_000;

    private static readonly Lock FileGate = new();

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>What the file holds now; empty when it is missing or unreadable.</summary>
    public VectorStore Load()
    {
        lock (FileGate)
        {
            try
            {
                using var stream = File.OpenRead(Path);
                return VectorStore.Read(stream);
            }
            catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return new VectorStore();
            }
        }
    }

    /// <summary>Adds <paramref name="current"/> to what the file holds and writes it back.</summary>
    public void Save(IReadOnlyDictionary<string, float[]> current)
    {
        lock (FileGate)
        {
            var store = Load();
            if (store.Vectors.Count + current.Count > MaxVectors)
                store.Vectors.Clear();
            foreach (var (key, vector) in current)
                store.Vectors[key] = vector;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
            try
            {
                using (var stream = File.Create(temporary))
                    store.Write(stream);
                File.Move(temporary, Path, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
        }
    }
}
