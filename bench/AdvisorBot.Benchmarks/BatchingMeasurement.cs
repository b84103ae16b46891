using System.Diagnostics;
using System.Globalization;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Benchmarks;

/// <summary>
/// What a question costs the model, in processor time, when questions are run in batches the way
/// the bot batches them under load: each batch in one run padded to its longest question, or cut
/// into runs of similar length (<see cref="MiniLmModel.EncodeInRunsOfSimilarLength"/>) at several
/// costs per run. The questions are TurnBench's distinct ones, in its order.
/// </summary>
public static class BatchingMeasurement
{
    public static int Run()
    {
        // The bot's own session options, so the figures are the bot's.
        using var model = new MiniLmModel(SentenceEmbedder.SessionOptions());
        var questions = DistinctQuestions.Take(1_050).Select(SentenceEmbedder.Normalized).ToArray();
        model.Encode(questions[..16]);
        model.EncodeInRunsOfSimilarLength(questions[..16]);

        Console.WriteLine($"{questions.Length} distinct questions, processor time per question (ms), one thread");
        Console.WriteLine($"{"batch",5} {"one run",8} {string.Join(' ', RunCosts.Select(cost => $"{"runs cost " + cost,12}"))}");
        foreach (var size in new[] { 1, 4, 8, 16, 32 })
        {
            var oneRun = PerQuestion(questions, size, batch => model.Encode(batch));
            var byLength = RunCosts.Select(cost => PerQuestion(questions, size, batch => model.EncodeInRunsOfSimilarLength(batch, cost)));
            Console.WriteLine($"{size,5} {F(oneRun),8} {string.Join(' ', byLength.Select(ms => $"{F(ms),12}"))}");
        }
        Console.WriteLine($"(the bot cuts runs at a cost of {MiniLmModel.RunCostInTokens} tokens a run)");
        return 0;
    }

    private static readonly int[] RunCosts = [0, 5, 10, 20, 40];

    private static double PerQuestion(string[] questions, int batchSize, Action<string[]> encode)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        foreach (var batch in questions.Chunk(batchSize))
            encode(batch);
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds / questions.Length;
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
