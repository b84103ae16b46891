using System.Diagnostics;
using System.Text.Json;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Benchmarks;

/// <summary>
/// How far the int8 model's vectors are from the float model's (Search:QuantizedModel): the cosine
/// between the two vectors of every passage of the knowledge and of every question of the given
/// question files, how often the passage nearest a question by meaning changes, and what a
/// question costs each model in processor time (the questions asked 32 at a time, in the bot's
/// batches, none remembered), and how far an int8 question vector moves with its batch.
/// </summary>
public static class QuantizedAgreement
{
    private const int Concurrency = 32;

    public static async Task<int> RunAsync(IReadOnlyList<string> questionFiles)
    {
        var knowledge = KnowledgeBase.Load(KnowledgeLocation.Find());
        var passages = knowledge.Passages.Select(PassageVectors.TextOf).ToList();
        var questions = questionFiles.SelectMany(ReadQuestions).Distinct(StringComparer.Ordinal).ToList();
        var settings = QuestionEmbedding.Default with { CacheSize = 0 };
        var full = SentenceEmbedder.For(settings);
        var int8 = SentenceEmbedder.For(settings, quantized: true);

        var fullPassages = full.Embed(passages);
        var int8Passages = int8.Embed(passages);
        var (fullQuestions, fullCpu) = await EmbedAllAsync(full, questions);
        var (int8Questions, int8Cpu) = await EmbedAllAsync(int8, questions);

        Print($"float vs int8, passages ({passages.Count})", Cosines(fullPassages, int8Passages));
        Print($"float vs int8, questions ({questions.Count})", Cosines(fullQuestions, int8Questions));
        // The int8 model quantizes a run's activations over the whole batch, so a question's
        // vector depends a little on the questions it shares its run with; the float model's
        // does not (beyond float rounding).
        var int8Alone = SentenceEmbedder.For(new QuestionEmbedding(BatchSize: 1, BatchWait: TimeSpan.Zero, CacheSize: 0), quantized: true);
        Print($"int8 questions in batches vs alone ({questions.Count})", Cosines(int8Questions, [.. questions.Select(int8Alone.EmbedQuestion)]));
        var sameNearest = 0;
        var sameTop3 = 0;
        for (var i = 0; i < questions.Count; i++)
        {
            var fullRanking = Ranking(fullPassages, fullQuestions[i]);
            var int8Ranking = Ranking(int8Passages, int8Questions[i]);
            sameNearest += fullRanking[0] == int8Ranking[0] ? 1 : 0;
            sameTop3 += fullRanking.Take(3).Order().SequenceEqual(int8Ranking.Take(3).Order()) ? 1 : 0;
        }
        Console.WriteLine($"nearest passage by meaning the same: {sameNearest}/{questions.Count}; the same three nearest: {sameTop3}/{questions.Count}");
        Console.WriteLine($"processor time per question, {Concurrency} at a time: float {fullCpu:F2} ms, int8 {int8Cpu:F2} ms (x{fullCpu / int8Cpu:F2})");
        return 0;
    }

    private static IEnumerable<string> ReadQuestions(string file) =>
        File.ReadLines(file).Where(line => line.Trim().Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("question").GetString()!);

    /// <summary>Every question's vector, asked <see cref="Concurrency"/> at a time, and the
    /// processor time of this process per question (twice over: the first pass warms up).</summary>
    private static async Task<(float[][] Vectors, double CpuMs)> EmbedAllAsync(SentenceEmbedder embedder, List<string> questions)
    {
        float[][] vectors = [];
        var cpu = TimeSpan.Zero;
        for (var pass = 0; pass < 2; pass++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            vectors = new float[questions.Count][];
            await Parallel.ForEachAsync(Enumerable.Range(0, questions.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
                async (i, token) => vectors[i] = await embedder.EmbedQuestionAsync(questions[i], token));
            cpu = Process.GetCurrentProcess().TotalProcessorTime - before;
        }
        return (vectors, cpu.TotalMilliseconds / questions.Count);
    }

    private static float[] Cosines(float[][] a, float[][] b) =>
        [.. a.Select((vector, i) => SentenceEmbedder.Cosine(vector, b[i]))];

    private static int[] Ranking(float[][] passages, float[] question) =>
        [.. Enumerable.Range(0, passages.Length).OrderByDescending(i => SentenceEmbedder.Cosine(passages[i], question))];

    private static void Print(string what, float[] cosines)
    {
        var sorted = cosines.Order().ToArray();
        Console.WriteLine($"{what}: cosine min {sorted[0]:F4}, 1st percentile {sorted[(int)(0.01 * (sorted.Length - 1))]:F4}, median {sorted[sorted.Length / 2]:F4}, mean {sorted.Average():F4}");
    }
}
