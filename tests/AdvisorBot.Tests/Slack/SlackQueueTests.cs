using System.Net;

namespace AdvisorBot.Tests.Slack;

/// <summary>The work queue is bounded: when it is full an event is refused with 503, so Slack
/// retries it later, and the retry is answered once there is room.</summary>
public class SlackQueueTests
{
    [Fact]
    public async Task A_full_queue_refuses_an_event_with_503_and_answers_its_retry_later()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        await using var host = await SlackTestHost.StartAsync(standIn, new Dictionary<string, string?> { ["Slack:Workers"] = "1", ["Slack:QueueCapacity"] = "1" });
        standIn.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The one worker is busy with the first event (Slack has not answered it yet) ...
        await host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Does Flask come with an ORM?", SlackPayloads.NewTs())));
        await standIn.NextAsync();
        // ... the second fills the queue, and the third finds it full.
        var queued = await host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Is Django good for large projects?", SlackPayloads.NewTs())));
        var refusedId = SlackPayloads.NewEventId();
        var refusedTs = SlackPayloads.NewTs();
        var refusedEnvelope = SlackPayloads.Envelope(refusedId, SlackPayloads.Mention("Which framework has a built-in admin panel?", refusedTs));
        var refused = await host.PostEventAsync(refusedEnvelope);

        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains(host.Logs.Texts, line => line.Contains("queue full", StringComparison.Ordinal) && line.Contains(refusedId, StringComparison.Ordinal));

        standIn.Gate.SetResult();
        await standIn.NextAsync();
        var retry = await host.PostEventAsync(refusedEnvelope, retryNum: 1);
        var answer = await standIn.NextAsync();

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(refusedTs, answer.String("thread_ts"));
    }
}
