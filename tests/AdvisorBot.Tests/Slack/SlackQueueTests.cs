using System.Net;
using AdvisorBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisorBot.Tests.Slack;

/// <summary>The work queue is bounded: when it is full an event is refused with 503, so Slack
/// retries it later, and the retry is answered once there is room. An answer Slack does not take
/// stays queued and is posted again, as worked out the first time.</summary>
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

    [Fact]
    public async Task An_answer_slack_refused_stays_queued_and_is_posted_again_without_asking_twice()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        await using var host = await SlackTestHost.StartAsync(standIn);
        var posts = 0;
        standIn.Respond = call => call.Kind == SlackCall.PostMessage && Interlocked.Increment(ref posts) == 1
            ? Microsoft.AspNetCore.Http.Results.Json(new { ok = false, error = "internal_error" })
            : null;
        var ts = SlackPayloads.NewTs();

        await host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Does Flask come with an ORM?", ts)));
        var refused = await standIn.NextAsync();
        // Tried again after the queue's pause (2 s after a first attempt).
        var posted = await standIn.NextAsync(TimeSpan.FromSeconds(20));

        Assert.Equal((SlackCall.PostMessage, SlackCall.PostMessage), (refused.Kind, posted.Kind));
        Assert.Equal(ts, posted.String("thread_ts"));
        Assert.Equal(refused.Body.GetProperty("blocks").GetRawText(), posted.Body.GetProperty("blocks").GetRawText());
        // The question was answered once; the second attempt posted the answer recorded by the first.
        await using var connection = await host.Services.GetRequiredService<StateDatabase>().OpenAsync(CancellationToken.None);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM answers";
        Assert.Equal(1L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(standIn.Pending());
    }
}
