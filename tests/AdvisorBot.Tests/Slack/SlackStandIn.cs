using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Slack;

/// <summary>One call the bot made to Slack: a Web API method or a post to a response_url.
/// <see cref="Ts"/> is the message ts the stand-in gives a chat.postMessage (as Slack would).</summary>
public sealed record SlackCall(string Kind, string Path, string? Authorization, JsonElement Body, string? Ts)
{
    public const string PostMessage = "chat.postMessage";
    public const string Update = "chat.update";
    public const string ResponseUrl = "response_url";
    public const string SetSuggestedPrompts = "assistant.threads.setSuggestedPrompts";
    public const string SetStatus = "assistant.threads.setStatus";

    /// <summary>When the stand-in received the call.</summary>
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

    public string? String(string name) => Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool? Bool(string name) => Body.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public IReadOnlyList<JsonElement> Blocks => Body.TryGetProperty("blocks", out var blocks) ? blocks.EnumerateArray().ToList() : [];

    /// <summary>Every button in the message, in order: (action_id, label, value).</summary>
    public IReadOnlyList<(string ActionId, string Label, string Value)> Buttons =>
        Blocks.Where(block => block.GetProperty("type").GetString() == "actions")
            .SelectMany(block => block.GetProperty("elements").EnumerateArray())
            .Select(button => (button.GetProperty("action_id").GetString()!, button.GetProperty("text").GetProperty("text").GetString()!, button.GetProperty("value").GetString()!))
            .ToList();

    /// <summary>Slack's own feedback buttons (a context_actions block's feedback_buttons), as
    /// (action_id, label, value): the positive one, then the negative one.</summary>
    public IReadOnlyList<(string ActionId, string Label, string Value)> FeedbackButtons =>
        Blocks.Where(block => block.GetProperty("type").GetString() == "context_actions")
            .SelectMany(block => block.GetProperty("elements").EnumerateArray())
            .Where(element => element.GetProperty("type").GetString() == "feedback_buttons")
            .SelectMany(element => new[] { element.GetProperty("positive_button"), element.GetProperty("negative_button") }
                .Select(button => (element.GetProperty("action_id").GetString()!, button.GetProperty("text").GetProperty("text").GetString()!, button.GetProperty("value").GetString()!)))
            .ToList();

    /// <summary>The text of every section and context element, as sent.</summary>
    public IReadOnlyList<string> Texts =>
        Blocks.SelectMany(block => block.GetProperty("type").GetString() switch
        {
            "section" or "header" => [block.GetProperty("text").GetProperty("text").GetString()!],
            "context" => block.GetProperty("elements").EnumerateArray().Select(element => element.GetProperty("text").GetString()!),
            _ => [],
        }).ToList();
}

/// <summary>
/// Slack's side, on loopback: a small ASP.NET Core app that takes chat.postMessage, chat.update
/// and response_url posts, records each, and answers as Slack does (or as a test tells it to).
/// Tests wait for the bot's background work by awaiting the calls it makes here.
/// </summary>
public sealed class SlackStandIn : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    private WebApplication _app = null!;
    private readonly Channel<SlackCall> _calls = Channel.CreateUnbounded<SlackCall>();
    private readonly ConcurrentQueue<SlackCall> _all = new();
    private int _ts;


    public Uri BaseUri { get; private set; } = null!;

    public string ApiBaseUrl => new Uri(BaseUri, "api/").AbsoluteUri;

    /// <summary>Answers a call instead of the default success; null means the default.</summary>
    public Func<SlackCall, IResult?>? Respond { get; set; }

    /// <summary>When set, calls are recorded at once but answered only once it completes.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, calls wait before they reach "Slack": they are recorded only once it
    /// completes, and a call whose caller goes away meanwhile (a replica killed) never is.</summary>
    public TaskCompletionSource? HoldBefore { get; set; }

    /// <summary>Completes when a call arrives while <see cref="HoldBefore"/> holds calls.</summary>
    public TaskCompletionSource Held { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a held call's caller has gone away (its connection closed), so the
    /// call will never reach "Slack".</summary>
    public TaskCompletionSource Abandoned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<SlackCall> All => _all.ToList();

    public Uri ResponseUrl(string name) => new(BaseUri, $"hooks/{name}");

    public static async Task<SlackStandIn> StartAsync()
    {
        var standIn = new SlackStandIn();
        (standIn._app, var address) = await LoopbackApp.StartAsync(app =>
        {
            app.MapPost("/api/{method}", (string method, HttpContext context) => standIn.TakeAsync(method, context));
            app.MapPost("/hooks/{**path}", (string path, HttpContext context) => standIn.TakeAsync(SlackCall.ResponseUrl, context));
        });
        standIn.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return standIn;
    }

    /// <summary>The next call the bot makes, failing the test if none comes in time.</summary>
    public async Task<SlackCall> NextAsync(TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        try
        {
            return await _calls.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The bot made no further Slack call within {(wait ?? DefaultWait).TotalSeconds} s; calls so far: {string.Join(", ", All.Select(call => call.Kind))}");
        }
    }

    /// <summary>The next call that is not a "searching the articles..." status (which a DM question shows first).</summary>
    public async Task<SlackCall> NextAnswerAsync()
    {
        var call = await NextAsync();
        return call.Kind == SlackCall.SetStatus ? await NextAsync() : call;
    }

    /// <summary>Calls already made and not yet read with <see cref="NextAsync"/>.</summary>
    public IReadOnlyList<SlackCall> Pending()
    {
        var pending = new List<SlackCall>();
        while (_calls.Reader.TryRead(out var call))
            pending.Add(call);
        return pending;
    }

    private async Task<IResult> TakeAsync(string kind, HttpContext context)
    {
        if (HoldBefore is { } hold)
        {
            Held.TrySetResult();
            try
            {
                await hold.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Abandoned.TrySetResult();
                return Results.Empty; // the caller is gone: this call never reached Slack
            }
        }
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        var authorization = context.Request.Headers.Authorization.ToString();
        var ts = kind == SlackCall.PostMessage ? $"1700000100.{Interlocked.Increment(ref _ts):000000}" : null;
        var call = new SlackCall(kind, context.Request.Path, authorization.Length > 0 ? authorization : null, body, ts);
        _all.Enqueue(call);
        _calls.Writer.TryWrite(call);
        if (Gate is { } gate)
            await gate.Task;
        if (Respond?.Invoke(call) is { } custom)
            return custom;
        if (kind == SlackCall.ResponseUrl)
            return Results.Text("ok");
        if (kind is SlackCall.SetSuggestedPrompts or SlackCall.SetStatus)
            return Results.Json(new { ok = true });
        if (kind is not (SlackCall.PostMessage or SlackCall.Update))
            return Results.Json(new { ok = false, error = "unknown_method" });
        return Results.Json(new { ok = true, channel = call.String("channel"), ts = ts ?? call.String("ts") });
    }

    public async ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        HoldBefore?.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
