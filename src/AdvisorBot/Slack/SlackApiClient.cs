using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisorBot.Http;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Slack;

/// <summary>
/// The Slack Web API calls the bot makes (chat.postMessage, chat.update) and posts to a
/// response_url. Slack answers HTTP 200 with <c>"ok": false</c> and an error code when a call
/// fails, so every answer is checked. 429 is retried after its Retry-After, server errors and
/// failed connections after a growing pause, a bounded number of times, by the HTTP client's
/// resilience handler (<see cref="OutboundResilience"/>); a try that timed out is not repeated, since
/// its message may have been posted. The bot token goes only to the Web API, never to a
/// response_url, and neither it nor a response_url (itself a credential) is ever logged.
/// </summary>
public sealed class SlackApiClient(HttpClient http, IOptions<SlackOptions> options, SlackChannelPacer pacer, TimeProvider time, ILogger<SlackApiClient> logger)
{
    /// <summary>Tries per call, the first included.</summary>
    public const int MaxAttempts = 4;

    /// <summary>A longer Retry-After is not waited out: the worker would sit idle for it.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan FirstBackOff = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How Slack calls are retried.</summary>
    public static OutboundRetry Retry { get; } = new(MaxAttempts, FirstBackOff, MaxRetryAfter, AttemptTimeout, RetryTimeouts: false);

    /// <summary>Posts a message (in a thread when <paramref name="threadTs"/> is set); returns its ts.</summary>
    public async Task<string> PostMessageAsync(string channel, SlackMessage message, string? threadTs, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(channel, cancellationToken);
        var answer = await CallAsync("chat.postMessage", new PostMessageRequest(channel, message.Text, message.Blocks, threadTs), cancellationToken);
        return answer.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.String ? ts.GetString()! : "";
    }

    /// <summary>
    /// The prompts Slack offers in a chat with the bot (assistant.threads.setSuggestedPrompts, at
    /// most four). <paramref name="threadTs"/> names the thread of an assistant container; for an
    /// app with Slack's agent experience it must be left out, or the call silently does nothing.
    /// </summary>
    public async Task SetSuggestedPromptsAsync(string channel, string? threadTs, string title, IReadOnlyList<SuggestedPrompt> prompts, CancellationToken cancellationToken) =>
        await CallAsync("assistant.threads.setSuggestedPrompts", new SuggestedPromptsRequest(channel, threadTs, title, prompts), cancellationToken);

    /// <summary>"is searching the articles..." under the bot's name in a thread, until its reply
    /// comes (assistant.threads.setStatus); Slack clears it when the bot posts there.</summary>
    public async Task SetStatusAsync(string channel, string threadTs, string status, CancellationToken cancellationToken) =>
        await CallAsync("assistant.threads.setStatus", new StatusRequest(channel, threadTs, status), cancellationToken);

    public async Task UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken) =>
        await CallAsync("chat.update", new UpdateMessageRequest(channel, ts, message.Text, message.Blocks), cancellationToken);

    /// <summary>Posts to an interaction's or command's response_url: replacing the message it
    /// came from, or as a new message (ephemeral: seen only by the person who acted).</summary>
    public async Task RespondAsync(Uri responseUrl, SlackMessage message, bool replaceOriginal, bool ephemeral, CancellationToken cancellationToken)
    {
        const string what = "response_url";
        var body = new ResponseUrlRequest(message.Text, message.Blocks, replaceOriginal, replaceOriginal ? null : ephemeral ? "ephemeral" : "in_channel");
        using var response = await SendAsync(what, () => new HttpRequestMessage(HttpMethod.Post, responseUrl) { Content = JsonContent.Create(body, options: BlockKitJson.Options) }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        // A response_url answers "ok" as text or {"ok": true}; failures as an error code, either way.
        var error = response.IsSuccessStatusCode ? ErrorOf(text) : ErrorOf(text) ?? ShortCode(text) ?? $"http_{(int)response.StatusCode}";
        if (error is not null)
            throw Fail(what, error, responseUrl.Host);
        logger.LogDebug("Slack {Method} to {Host} done (replace_original {Replace})", what, responseUrl.Host, replaceOriginal);
    }

    private async Task<JsonElement> CallAsync(string method, object payload, CancellationToken cancellationToken)
    {
        var token = options.Value.BotToken;
        if (string.IsNullOrWhiteSpace(token))
            throw Fail(method, $"no bot token: set {SlackOptions.SectionName}:BotToken or {SlackOptions.BotTokenVariable}", null);
        var uri = new Uri(options.Value.ApiBaseUri, method);
        using var response = await SendAsync(method, () => new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(payload, options: BlockKitJson.Options),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement answer;
        try
        {
            answer = JsonSerializer.Deserialize<JsonElement>(text);
        }
        catch (JsonException)
        {
            throw Fail(method, $"invalid_response (HTTP {(int)response.StatusCode}, not JSON)", uri.Host);
        }
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
            throw Fail(method, ErrorOf(answer) ?? $"invalid_response (HTTP {(int)response.StatusCode}, no \"ok\": true)", uri.Host);
        if (answer.TryGetProperty("warning", out var warning) && warning.ValueKind == JsonValueKind.String)
            logger.LogInformation("Slack {Method} warned: {Warning}", method, warning.GetString());
        logger.LogDebug("Slack {Method} done", method);
        return answer;
    }

    /// <summary>Sends (retried by the resilience handler); a 429 or 5xx that outlasted the retries fails.</summary>
    private async Task<HttpResponseMessage> SendAsync(string what, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var message = request();
        var response = await http.SendAsync(message, cancellationToken);
        if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
            return response;
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
                throw Fail(what, $"HTTP {(int)response.StatusCode}, gave up after {MaxAttempts} tries", null);
            if (OutboundResilience.RetryAfter(response, time) is { } wait && wait > MaxRetryAfter)
                throw Fail(what, $"ratelimited (Retry-After {wait.TotalSeconds:0} s is longer than the {MaxRetryAfter.TotalSeconds:0} s the bot waits)", null);
            throw Fail(what, $"ratelimited, gave up after {MaxAttempts} tries", null);
        }
    }

    private static string? ErrorOf(string text)
    {
        try
        {
            return ErrorOf(JsonSerializer.Deserialize<JsonElement>(text));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ErrorOf(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.False)
            return null;
        return answer.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : "unknown_error";
    }

    /// <summary>A plain-text error code such as "expired_url", or null for anything longer.</summary>
    private static string? ShortCode(string text)
    {
        var code = text.Trim();
        return code.Length is > 0 and <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? code : null;
    }

    private SlackApiException Fail(string method, string error, string? host)
    {
        if (host is null)
            logger.LogError("Slack {Method} failed: {Error}", method, error);
        else
            logger.LogError("Slack {Method} failed: {Error} (host {Host})", method, error, host);
        return new SlackApiException(method, error);
    }

    private sealed record PostMessageRequest(string Channel, string Text, IReadOnlyList<Block> Blocks, string? ThreadTs)
    {
        // Quoted articles would otherwise unfurl into large previews under every answer.
        public bool UnfurlLinks => false;
        public bool UnfurlMedia => false;
    }

    private sealed record SuggestedPromptsRequest(string ChannelId, string? ThreadTs, string Title, IReadOnlyList<SuggestedPrompt> Prompts);

    private sealed record StatusRequest(string ChannelId, string ThreadTs, string Status);

    private sealed record UpdateMessageRequest(string Channel, string Ts, string Text, IReadOnlyList<Block> Blocks);

    private sealed record ResponseUrlRequest(string Text, IReadOnlyList<Block> Blocks, bool ReplaceOriginal, string? ResponseType);
}

/// <summary>A Slack call that failed; <see cref="Error"/> is Slack's own error code where it gave one.</summary>
public sealed class SlackApiException(string method, string error) : Exception($"Slack {method} failed: {error}")
{
    public string Method { get; } = method;
    public string Error { get; } = error;
}

/// <summary>A prompt Slack offers: its title, and the message sent when it is picked.</summary>
public sealed record SuggestedPrompt(string Title, string Message);
