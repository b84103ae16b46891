using System.Globalization;

/// <summary>
/// The bot with the embedding model next to the same build by words alone, measured in one run:
/// two processes started together, each warmed up, then loaded in alternating rounds (full first
/// in odd rounds, words alone first in even ones), so that whatever else the machine is doing
/// weighs on both alike. Every question of the run is distinct, and each bot gets the same ones.
/// </summary>
static class SideBySide
{
    private sealed record Variant(string Name, string[] Settings)
    {
        public BotProcess? Bot { get; set; }
        public TurnFigures Figures { get; set; } = TurnFigures.None;
        public TimeSpan ProcessorTime { get; set; }
        public double ReadyMegabytes { get; set; }
        public List<double> LoadedMegabytes { get; } = [];

        /// <summary>Turns per second in each round, in order.</summary>
        public List<double> RoundTurnsPerSecond { get; } = [];
    }

    public static async Task<int> RunAsync(string repository, string serviceUrl, string[] warmup, string[] questions, int concurrency, int rounds, TimeSpan maxTime, string[] fullSettings)
    {
        Variant[] variants =
        [
            new("full (Search:Semantic=true)", ["--Search:Semantic=true", .. fullSettings]),
            new("words alone (Search:Semantic=false)", ["--Search:Semantic=false"]),
        ];
        try
        {
            var started = variants.Select(variant => BotProcess.StartAsync(repository, variant.Settings)).ToArray();
            await Task.WhenAll(started);
            for (var i = 0; i < variants.Length; i++)
                variants[i].Bot = started[i].Result;
            foreach (var variant in variants)
            {
                variant.ReadyMegabytes = variant.Bot!.Memory().Resident;
                await new TurnLoad([variant.Bot.Client], serviceUrl, concurrency, maxTime).RunAsync(warmup);
            }

            var slices = questions.Chunk((int)Math.Ceiling(questions.Length / (double)Math.Max(1, rounds))).ToList();
            for (var round = 0; round < slices.Count; round++)
            {
                foreach (var variant in round % 2 == 0 ? variants : variants.Reverse())
                {
                    await SettleAsync(variants);
                    await MeasureAsync(variant, slices[round], serviceUrl, concurrency, maxTime);
                }
            }
            Print(variants, questions.Length, warmup.Length, concurrency, slices.Count);
            return variants.All(variant => variant.Figures.Failed == 0 && variant.Figures.Done == questions.Length) ? 0 : 1;
        }
        finally
        {
            foreach (var variant in variants)
            {
                if (variant.Bot is { } bot)
                    await bot.DisposeAsync();
            }
        }
    }

    // A bot that has just been loaded goes on working for a second or more after its last turn:
    // the runtime's tiered compilation recompiles the methods the load made hot, on a background
    // thread, once calls stop arriving (measured: 0.5 to 2 s of processor time after a round of
    // 500 turns, for the first few thousand turns of a process). Without a pause that work lands in
    // the next bot's round and is charged to it.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MostToSettle = TimeSpan.FromSeconds(20);

    /// <summary>Waits until every bot used less than a tenth of a core over half a second, or
    /// <see cref="MostToSettle"/> has passed.</summary>
    private static async Task SettleAsync(Variant[] variants)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < MostToSettle)
        {
            var before = variants.Select(variant => variant.Bot!.ProcessorTime).ToArray();
            await Task.Delay(Quiet);
            if (variants.Select((variant, i) => variant.Bot!.ProcessorTime - before[i]).All(used => used < Quiet / 10))
                return;
        }
    }

    private static async Task MeasureAsync(Variant variant, string[] questions, string serviceUrl, int concurrency, TimeSpan maxTime)
    {
        var bot = variant.Bot!;
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            // Resident memory under load, ten times a second.
            while (!stop.IsCancellationRequested)
            {
                variant.LoadedMegabytes.Add(bot.Memory().Resident);
                await Task.Delay(100);
            }
        });
        var processorBefore = bot.ProcessorTime;
        var load = new TurnLoad([bot.Client], serviceUrl, concurrency, maxTime);
        var round = await load.RunAsync(questions);
        variant.RoundTurnsPerSecond.Add(round.TurnsPerSecond);
        variant.Figures = variant.Figures.Plus(round);
        if (load.FirstFailure is { } failure)
            Console.Error.WriteLine($"{variant.Name}: a turn failed: {failure}");
        variant.ProcessorTime += bot.ProcessorTime - processorBefore;
        stop.Cancel();
        await sampling;
    }

    private static void Print(Variant[] variants, int questions, int warmup, int concurrency, int rounds)
    {
        string F(double value) => TurnFigures.F(value);
        if (variants[0].Settings.Length > 1)
            Console.WriteLine($"full bot's own settings: {string.Join(' ', variants[0].Settings[1..])}");
        Console.WriteLine($"side by side: {questions} distinct questions measured per bot (after {warmup} others to warm up), concurrency {concurrency}, {rounds} alternating rounds");
        Console.WriteLine($"{"bot",-38} {"turns",6} {"failed",6} {"turns/s",8} {"p50 ms",7} {"p99 ms",7} {"cpu ms/turn",11} {"ready MB",9} {"steady MB",9} {"peak MB",8}");
        foreach (var variant in variants)
        {
            var figures = variant.Figures;
            var steady = variant.LoadedMegabytes.Count == 0 ? 0 : variant.LoadedMegabytes.Order().ElementAt(variant.LoadedMegabytes.Count / 2);
            Console.WriteLine($"{variant.Name,-38} {figures.Done,6} {figures.Failed,6} {F(figures.TurnsPerSecond),8} {F(figures.Percentile(0.50)),7} {F(figures.Percentile(0.99)),7} " +
                $"{F(variant.ProcessorTime.TotalMilliseconds / Math.Max(1, figures.Done)),11} {F(variant.ReadyMegabytes),9} {F(steady),9} {F(variant.Bot!.Memory().Peak),8}");
        }
        var ratio = variants[0].Figures.TurnsPerSecond / Math.Max(0.001, variants[1].Figures.TurnsPerSecond);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"full / words alone: x{ratio:0.00} turns/s"));
        // Each round's two bots ran back to back, so a round's ratio is the least disturbed by
        // whatever else the machine was doing; their median says more than one run's total.
        var ratios = variants[0].RoundTurnsPerSecond.Zip(variants[1].RoundTurnsPerSecond, (full, words) => full / Math.Max(0.001, words)).ToList();
        if (ratios.Count > 1)
        {
            var ordered = ratios.Order().ToList();
            var median = ordered.Count % 2 == 1 ? ordered[ordered.Count / 2] : (ordered[ordered.Count / 2 - 1] + ordered[ordered.Count / 2]) / 2;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"by round: {string.Join(' ', ratios.Select(ratio => $"x{ratio:0.00}"))}; median x{median:0.00}"));
        }
    }
}
