using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AdvisorBot.Core.Telemetry;

/// <summary>
/// The bot's own traces and metrics, in .NET's built-in <see cref="ActivitySource"/> and
/// <see cref="Meter"/>: they cost nothing until a listener (the host's OpenTelemetry) subscribes.
/// Every measurement is tagged with the channel, so dashboards can split by Slack, Teams and Web Chat.
/// </summary>
public static class BotTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "AdvisorBot";

    public const string ChannelTag = "advisorbot.channel";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Turns = Meter.CreateCounter<long>("advisorbot.turns", "{turn}", "Turns handled, by channel and outcome (ok, failed); a failed one also by where it failed (engine, delivery)");

    public static readonly Counter<long> Answers = Meter.CreateCounter<long>("advisorbot.answers", "{answer}", "Questions answered from the articles, by channel");

    public static readonly Counter<long> Declines = Meter.CreateCounter<long>("advisorbot.declines", "{answer}", "Questions declined for want of a good passage, by channel");

    public static readonly Counter<long> Feedback = Meter.CreateCounter<long>("advisorbot.feedback", "{vote}", "Feedback on answers, by channel and whether it helped");

    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("advisorbot.turn.duration", "s", "Time from a person's message to the bot's replies, by channel",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Counts an answered or declined question.</summary>
    public static void RecordAnswer(string channel, bool answered) =>
        (answered ? Answers : Declines).Add(1, new KeyValuePair<string, object?>(ChannelTag, channel));

    public static void RecordFeedback(string channel, bool helpful) =>
        Feedback.Add(1, new KeyValuePair<string, object?>(ChannelTag, channel), new KeyValuePair<string, object?>("advisorbot.helpful", helpful));

    /// <summary>A turn whose engine failed (the person was told so).</summary>
    public const string EngineFailure = "engine";

    /// <summary>A turn whose replies could not be delivered.</summary>
    public const string DeliveryFailure = "delivery";

    /// <summary>Records a finished turn: its count by outcome (and, when it failed, by
    /// <paramref name="failure"/>: <see cref="EngineFailure"/> or <see cref="DeliveryFailure"/>) and its duration.</summary>
    public static void RecordTurn(string channel, TimeSpan duration, string? failure)
    {
        var channelTag = new KeyValuePair<string, object?>(ChannelTag, channel);
        if (failure is null)
            Turns.Add(1, channelTag, new KeyValuePair<string, object?>("advisorbot.outcome", "ok"));
        else
            Turns.Add(1, channelTag, new KeyValuePair<string, object?>("advisorbot.outcome", "failed"), new KeyValuePair<string, object?>("advisorbot.failure", failure));
        TurnDuration.Record(duration.TotalSeconds, channelTag);
    }
}
