using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

/// <summary>
/// Sends turns to one or more bots through POST /api/messages, <c>concurrency</c> at a time, each
/// turn a question of its own in a conversation of its own (so the per-conversation rate limit
/// never applies), and times them.
/// </summary>
sealed class TurnLoad(IReadOnlyList<HttpClient> bots, string serviceUrl, int concurrency, TimeSpan maxTime)
{
    private static int _conversationNumber;

    /// <summary>Why the first turn that failed did, if one did.</summary>
    public string? FirstFailure { get; private set; }

    public async Task<TurnFigures> RunAsync(IReadOnlyList<string> questions)
    {
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var failed = 0;
        using var deadline = new CancellationTokenSource(maxTime);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < questions.Count && !deadline.IsCancellationRequested)
            {
                var (ok, milliseconds) = await TurnAsync(bots[n % bots.Count], questions[n]);
                latencies.Add(milliseconds);
                if (!ok)
                    Interlocked.Increment(ref failed);
            }
        }));
        clock.Stop();
        return new TurnFigures(latencies.Count, failed, clock.Elapsed, [.. latencies]);
    }

    private async Task<(bool Ok, double Milliseconds)> TurnAsync(HttpClient bot, string question)
    {
        var conversation = Interlocked.Increment(ref _conversationNumber);
        var activity = new
        {
            type = "message",
            id = $"activity-{conversation}",
            serviceUrl,
            channelId = "emulator",
            from = new { id = "bench-user", name = "Bench" },
            recipient = new { id = "bot", name = "AdvisorBot" },
            conversation = new { id = $"bench-conversation-{conversation}" },
            text = question,
        };
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await bot.PostAsync("/api/messages", new StringContent(JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"));
            if (!response.IsSuccessStatusCode)
                FirstFailure ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            return (response.IsSuccessStatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (HttpRequestException error)
        {
            FirstFailure ??= error.Message;
            return (false, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

/// <summary>What a run of turns measured; several runs of one bot add up with <see cref="Plus"/>.</summary>
sealed record TurnFigures(int Done, int Failed, TimeSpan Elapsed, double[] Latencies)
{
    public static readonly TurnFigures None = new(0, 0, TimeSpan.Zero, []);

    public TurnFigures Plus(TurnFigures other) =>
        new(Done + other.Done, Failed + other.Failed, Elapsed + other.Elapsed, [.. Latencies, .. other.Latencies]);

    public double TurnsPerSecond => Done / Math.Max(0.001, Elapsed.TotalSeconds);

    public double Percentile(double p)
    {
        if (Latencies.Length == 0)
            return 0;
        var sorted = Latencies.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    public static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
