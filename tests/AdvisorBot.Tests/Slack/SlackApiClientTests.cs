using AdvisorBot.Slack;
using AdvisorBot.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisorBot.Tests.Slack;

/// <summary>The Web API client on the wire: 429 honoured via Retry-After with bounded retries,
/// Slack's "ok": false reported with its error, and the token kept to the Web API and out of logs.</summary>
public class SlackApiClientTests
{
    private static readonly SlackMessage Hello = new("Hello &amp; welcome", [new SectionBlock(TextObject.Mrkdwn("Hello &amp; welcome"))]);

    [Fact]
    public async Task A_rate_limited_answer_is_posted_after_Retry_After()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        var clock = new TestTime();
        await using var host = await SlackTestHost.StartAsync(standIn, time: clock);
        var calls = 0;
        standIn.Respond = call => Interlocked.Increment(ref calls) == 1 ? RateLimited(seconds: 7) : null;
        var ts = SlackPayloads.NewTs();

        await host.PostEventAsync(SlackPayloads.Envelope(SlackPayloads.NewEventId(), SlackPayloads.Mention("Does Flask come with an ORM?", ts)));
        var limited = await standIn.NextAsync();
        await clock.WaitForTimerAsync(wait => wait == TimeSpan.FromSeconds(7)).WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Empty(standIn.Pending());
        clock.Advance(TimeSpan.FromSeconds(1));
        var posted = await standIn.NextAsync();

        Assert.Equal(SlackCall.PostMessage, limited.Kind);
        Assert.Equal(SlackCall.PostMessage, posted.Kind);
        Assert.Equal(ts, posted.String("thread_ts"));
        Assert.Equal(limited.Body.GetRawText(), posted.Body.GetRawText());
        Assert.Empty(standIn.Pending());
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_failure_names_the_rate_limit()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        var clock = new TestTime();
        await using var host = await SlackTestHost.StartAsync(standIn, time: clock);
        standIn.Respond = _ => RateLimited(seconds: 1);
        var client = host.Services.GetRequiredService<SlackApiClient>();

        var posting = client.PostMessageAsync(SlackPayloads.Channel, Hello, null, CancellationToken.None);
        for (var retry = 1; retry < SlackApiClient.MaxAttempts; retry++)
        {
            await clock.WaitForTimerAsync(wait => wait == TimeSpan.FromSeconds(1)).WaitAsync(TimeSpan.FromSeconds(30));
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        var error = await Assert.ThrowsAsync<SlackApiException>(() => posting);

        Assert.Equal(SlackApiClient.MaxAttempts, standIn.All.Count);
        Assert.Equal("chat.postMessage", error.Method);
        Assert.StartsWith("ratelimited", error.Error);
        Assert.Equal(SlackApiClient.MaxAttempts - 1, clock.Waits.Count(delay => delay == TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_a_minute_is_not_waited_out()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        var clock = new TestTime();
        await using var host = await SlackTestHost.StartAsync(standIn, time: clock);
        standIn.Respond = _ => RateLimited(seconds: 3600);
        var client = host.Services.GetRequiredService<SlackApiClient>();

        var error = await Assert.ThrowsAsync<SlackApiException>(() => client.UpdateMessageAsync(SlackPayloads.Channel, "1700000000.000001", Hello, CancellationToken.None));

        Assert.Single(standIn.All);
        Assert.StartsWith("ratelimited", error.Error);
        Assert.DoesNotContain(TimeSpan.FromSeconds(3600), clock.Waits);
    }

    [Fact]
    public async Task A_server_error_is_retried_with_a_growing_pause()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        var clock = new TestTime();
        await using var host = await SlackTestHost.StartAsync(standIn, time: clock);
        var calls = 0;
        standIn.Respond = _ => Interlocked.Increment(ref calls) <= 2 ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : null;
        var client = host.Services.GetRequiredService<SlackApiClient>();

        var posting = client.PostMessageAsync(SlackPayloads.Channel, Hello, null, CancellationToken.None);
        await clock.WaitForTimerAsync(wait => wait == TimeSpan.FromSeconds(1)).WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(1));
        await clock.WaitForTimerAsync(wait => wait == TimeSpan.FromSeconds(2)).WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(2));
        var ts = await posting;

        Assert.False(string.IsNullOrEmpty(ts));
        Assert.Equal(3, standIn.All.Count);
        // The pauses between tries (the other waits are each try's timeout and the whole call's).
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], clock.Waits.Where(wait => wait >= TimeSpan.FromSeconds(1) && wait < SlackApiClient.AttemptTimeout));
    }

    [Fact]
    public async Task Ok_false_is_reported_with_Slacks_error_and_not_retried()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        await using var host = await SlackTestHost.StartAsync(standIn);
        standIn.Respond = _ => Results.Json(new { ok = false, error = "channel_not_found" });
        var client = host.Services.GetRequiredService<SlackApiClient>();

        var error = await Assert.ThrowsAsync<SlackApiException>(() => client.PostMessageAsync("C0MISSING", Hello, null, CancellationToken.None));

        Assert.Equal("channel_not_found", error.Error);
        Assert.Single(standIn.All);
        Assert.Contains(host.Logs.Texts, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("channel_not_found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_response_url_error_is_reported_and_gets_no_token()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        await using var host = await SlackTestHost.StartAsync(standIn);
        standIn.Respond = _ => Results.Text("expired_url", statusCode: StatusCodes.Status404NotFound);
        var client = host.Services.GetRequiredService<SlackApiClient>();

        var error = await Assert.ThrowsAsync<SlackApiException>(() => client.RespondAsync(standIn.ResponseUrl("T0/1/secret-hook"), Hello, replaceOriginal: true, ephemeral: false, CancellationToken.None));

        Assert.Equal("expired_url", error.Error);
        Assert.Null(Assert.Single(standIn.All).Authorization);
    }

    [Fact]
    public async Task Without_a_bot_token_a_Web_API_call_fails_with_a_clear_error()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        await using var host = await SlackTestHost.StartAsync(standIn, new Dictionary<string, string?> { ["Slack:BotToken"] = null });
        var client = host.Services.GetRequiredService<SlackApiClient>();

        var error = await Assert.ThrowsAsync<SlackApiException>(() => client.PostMessageAsync(SlackPayloads.Channel, Hello, null, CancellationToken.None));

        Assert.Contains(SlackOptions.BotTokenVariable, error.Error);
        Assert.Empty(standIn.All);
    }

    [Fact]
    public async Task The_token_and_response_urls_never_appear_in_the_logs()
    {
        await using var standIn = await SlackStandIn.StartAsync();
        var clock = new TestTime();
        await using var host = await SlackTestHost.StartAsync(standIn, time: clock);
        var calls = 0;
        standIn.Respond = call => Interlocked.Increment(ref calls) switch
        {
            1 => RateLimited(seconds: 1),
            2 => Results.Json(new { ok = false, error = "not_in_channel" }),
            _ => null,
        };
        var hook = standIn.ResponseUrl("T0TEAM0001/1234/very-secret-hook-path");

        // A slash command whose channel post fails after a 429, so it falls back to the response_url.
        await host.PostCommandAsync(SlackPayloads.Command("/choose-framework", hook));
        await standIn.NextAsync();
        await clock.WaitForTimerAsync(wait => wait == TimeSpan.FromSeconds(1)).WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(1));
        await standIn.NextAsync();
        var fallback = await standIn.NextAsync();

        Assert.Equal(SlackCall.ResponseUrl, fallback.Kind);
        Assert.NotEmpty(host.Logs.Texts);
        Assert.Contains(host.Logs.Texts, line => line.Contains("not_in_channel", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Texts, line => line.Contains(SlackTestHost.BotToken, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Texts, line => line.Contains("very-secret-hook-path", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Texts, line => line.Contains(SlackTestHost.SigningSecret, StringComparison.Ordinal));
    }

    private static IResult RateLimited(int seconds) => new RateLimitedResult(seconds);

    private sealed class RateLimitedResult(int seconds) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await httpContext.Response.WriteAsJsonAsync(new { ok = false, error = "ratelimited" });
        }
    }
}
