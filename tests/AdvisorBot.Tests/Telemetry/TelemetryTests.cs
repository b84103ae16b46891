using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using AdvisorBot.Tests.DirectLine;
using AdvisorBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AdvisorBot.Tests.Telemetry;

/// <summary>What operators see: the bot's metrics at /metrics in Prometheus' format when enabled,
/// and traces and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
public class TelemetryTests
{
    [Fact]
    public async Task Metrics_are_readable_at_metrics_in_prometheus_format_when_enabled()
    {
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge, new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "true" });
        var answered = await AskAsync(host, "Does Flask come with an ORM?");
        await AskAsync(host, "What's the weather in Berlin?");
        (await host.ApiClient.PostAsJsonAsync("api/desk/feedback", new { answerId = answered, helpful = false })).EnsureSuccessStatusCode();
        var chat = new DirectLineClient(host.Client);
        await chat.StartAsync();
        await chat.SayAsync("Is Django good for a REST API?");

        var metrics = await host.Client.GetStringAsync("metrics");

        Assert.Matches("""advisorbot_answers_total\{[^}]*advisorbot_channel="desk"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""advisorbot_declines_total\{[^}]*advisorbot_channel="desk"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""advisorbot_feedback_total\{[^}]*advisorbot_channel="desk"[^}]*advisorbot_helpful="false"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""advisorbot_turns_total\{[^}]*advisorbot_channel="webchat"[^}]*advisorbot_outcome="ok"[^}]*\} [1-9]""", metrics);
        Assert.Matches("""advisorbot_turn_duration_seconds_count\{[^}]*advisorbot_channel="webchat"[^}]*\} [1-9]""", metrics);
        Assert.Contains("http_server_request_duration_seconds", metrics);
    }

    [Fact]
    public async Task Without_telemetry_settings_there_is_no_metrics_endpoint()
    {
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge);

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("metrics")).StatusCode);
    }

    [Fact]
    public async Task Traces_and_metrics_go_over_otlp_when_an_endpoint_is_set()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var host = await DeskTestHost.StartAsync(RepositoryPaths.Knowledge, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });

        await AskAsync(host, "Does Flask come with an ORM?");
        var chat = new DirectLineClient(host.Client);
        await chat.StartAsync();
        await chat.SayAsync("Is Django good for a REST API?");

        var request = await collector.WaitForAsync("/v1/traces", body => body.Contains("POST /api/desk/ask", StringComparison.Ordinal));
        Assert.Contains("advisorbot", request);
        // The chat turn: its span (with the message's id), and search within it.
        await collector.WaitForAsync("/v1/traces", body => body.Contains("advisorbot.message_id", StringComparison.Ordinal));
        var search = await collector.WaitForAsync("/v1/traces", body => body.Contains("advisorbot.confidence", StringComparison.Ordinal));
        Assert.Contains("search", search);
        await collector.WaitForAsync("/v1/metrics", body => body.Contains("advisorbot.answers", StringComparison.Ordinal));
    }

    private static async Task<string> AskAsync(DeskTestHost host, string question)
    {
        using var response = await host.ApiClient.PostAsJsonAsync("api/desk/ask", new { question });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("answerId").GetString()!;
    }

    /// <summary>An OpenTelemetry collector's OTLP/HTTP receiver on loopback: keeps every export it
    /// receives (protobuf, whose strings can be searched as text).</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private WebApplication _app = null!;

        private readonly ConcurrentQueue<(string Path, string Body)> _received = new();

        public string Address { get; private set; } = "";

        public static async Task<OtlpCollector> StartAsync()
        {
            var collector = new OtlpCollector();
            (collector._app, collector.Address) = await LoopbackApp.StartAsync(app => app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._received.Enqueue((context.Request.Path, Encoding.UTF8.GetString(body.ToArray())));
                context.Response.ContentType = "application/x-protobuf";
            }));
            return collector;
        }

        /// <summary>The first export to <paramref name="path"/> that satisfies <paramref name="match"/>.</summary>
        public async Task<string> WaitForAsync(string path, Func<string, bool> match)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                foreach (var (receivedPath, body) in _received)
                {
                    if (receivedPath == path && match(body))
                        return body;
                }
                await Task.Delay(50);
            }
            throw new TimeoutException($"no matching export to {path}; received: {string.Join("\n---\n", _received.Where(item => item.Path == path).Take(4).Select(item => new string(item.Body.Select(c => char.IsControl(c) ? '.' : c).ToArray())))}");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
