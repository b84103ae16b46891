using System.Collections.Concurrent;
using System.Diagnostics;
using AdvisorBot.Core.Telemetry;
using AdvisorBot.Tests.Slack;

namespace AdvisorBot.Tests.Telemetry;

/// <summary>A Slack answer is worked out after the request that brought the event has ended, from
/// the queue, on any replica: its trace still continues the request's.</summary>
public sealed class SlackTraceTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _finished = new();
    private readonly ActivityListener _listener;

    public SlackTraceTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is BotTelemetry.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _finished.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task The_answer_to_a_slack_event_continues_the_trace_of_the_request_that_brought_it()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        await using var host = await SlackTestHost.StartAsync(standIn);
        var eventId = SlackPayloads.NewEventId();

        await host.PostEventAsync(SlackPayloads.Envelope(eventId, SlackPayloads.Mention("Does Flask come with an ORM?", SlackPayloads.NewTs())));
        await standIn.NextAsync();

        var job = await FinishedAsync(activity => activity.OperationName == "slack job" && (activity.GetTagItem("advisorbot.job") as string)?.Contains(eventId, StringComparison.Ordinal) == true);
        var request = await FinishedAsync(activity => activity.TraceId == job.TraceId && activity.Source.Name == "Microsoft.AspNetCore");
        var turn = await FinishedAsync(activity => activity.TraceId == job.TraceId && activity.OperationName == "turn");
        Assert.Equal("Microsoft.AspNetCore.Hosting.HttpRequestIn", request.OperationName);
        Assert.True(request.StartTimeUtc + request.Duration <= job.StartTimeUtc + job.Duration);
        Assert.Equal(job.SpanId, turn.ParentSpanId);
    }

    private async Task<Activity> FinishedAsync(Func<Activity, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_finished.FirstOrDefault(match) is { } found)
                return found;
            await Task.Delay(20);
        }
        throw new TimeoutException("no such span finished");
    }

    public void Dispose() => _listener.Dispose();
}
