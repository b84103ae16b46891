using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AdvisorBot.BotFramework.Activities;
using Microsoft.Extensions.Options;

namespace AdvisorBot.BotFramework.Connector;

/// <summary>
/// The Bot Connector REST API, the calls the bot makes: reply to an activity, send a new one to a
/// conversation, update one. Ids are escaped (Teams ids hold ':', '@' and ';'). 429 and 5xx are
/// retried a bounded number of times, waiting what Retry-After asks or backing off; a call that
/// finally fails is logged with its ids and reported to the caller, never dropped unseen.
/// </summary>
public sealed class ConnectorClient(
    HttpClient http,
    BotAccessTokenProvider tokens,
    IOptions<BotFrameworkLimits> limits,
    TimeProvider time,
    ILogger<ConnectorClient> logger)
{
    /// <summary>Sends <paramref name="activity"/> to its conversation: as a reply to
    /// <see cref="Activity.ReplyToId"/> when it has one, else as a new message.</summary>
    public Task<ConnectorResult> SendAsync(Activity activity, CancellationToken cancellationToken, int? maxAttempts = null)
    {
        var conversation = activity.Conversation?.Id ?? throw new ArgumentException("the activity has no conversation id", nameof(activity));
        var path = $"v3/conversations/{Uri.EscapeDataString(conversation)}/activities";
        if (!string.IsNullOrEmpty(activity.ReplyToId))
            path += "/" + Uri.EscapeDataString(activity.ReplyToId);
        return CallAsync(HttpMethod.Post, path, activity, maxAttempts ?? limits.Value.OutboundMaxAttempts, cancellationToken);
    }

    /// <summary>Replaces the activity <paramref name="activityId"/> (e.g. a card) with <paramref name="activity"/>.</summary>
    public Task<ConnectorResult> UpdateAsync(string activityId, Activity activity, CancellationToken cancellationToken)
    {
        var conversation = activity.Conversation?.Id ?? throw new ArgumentException("the activity has no conversation id", nameof(activity));
        var path = $"v3/conversations/{Uri.EscapeDataString(conversation)}/activities/{Uri.EscapeDataString(activityId)}";
        return CallAsync(HttpMethod.Put, path, activity with { Id = activityId }, limits.Value.OutboundMaxAttempts, cancellationToken);
    }

    private async Task<ConnectorResult> CallAsync(HttpMethod method, string path, Activity activity, int maxAttempts, CancellationToken cancellationToken)
    {
        var result = await TryCallAsync(method, path, activity, maxAttempts, cancellationToken);
        if (!result.Succeeded)
        {
            logger.LogError("{Method} {ActivityType} to conversation {ConversationId} (reply to {ReplyToId}) at {ServiceUrl} failed after {Attempts} attempt(s): {Reason}",
                method.Method, activity.Type, activity.Conversation?.Id, activity.ReplyToId, activity.ServiceUrl, result.Attempts, result.Failure);
        }
        return result;
    }

    private async Task<ConnectorResult> TryCallAsync(HttpMethod method, string path, Activity activity, int maxAttempts, CancellationToken cancellationToken)
    {
        if (!TrustedUrl.IsHttp(activity.ServiceUrl))
            return ConnectorResult.Failed($"serviceUrl '{activity.ServiceUrl}' is not an http(s) URL", 0);
        var uri = new Uri(activity.ServiceUrl!.TrimEnd('/') + "/" + path, UriKind.Absolute);
        var settings = limits.Value;
        // Serialized once, with a Content-Length: some local channels (emulators) do not read chunked bodies.
        var body = JsonSerializer.SerializeToUtf8Bytes(activity, ActivityJson.Options);
        var renewedToken = false;
        string failure = "not attempted";
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            string? token;
            try
            {
                token = await tokens.GetTokenAsync(cancellationToken);
            }
            catch (BotTokenException error)
            {
                return ConnectorResult.Failed(error.Message, attempt);
            }
            // The bot's token only ever goes to https (or a loopback address, for local tests).
            if (token is not null && !TrustedUrl.IsAcceptable(uri))
                return ConnectorResult.Failed($"refusing to send the bot's token to {uri.Scheme}://{uri.Authority}", attempt);

            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(method, uri) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                if (token is not null)
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                    return ConnectorResult.Sent(await ReadIdAsync(response, cancellationToken), attempt);

                failure = $"HTTP {(int)response.StatusCode}";
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && token is not null && !renewedToken)
                {
                    // The token may have been revoked or rolled; one fresh token is worth a try.
                    tokens.Invalidate(token);
                    renewedToken = true;
                    continue;
                }
                if (!IsTransient(response.StatusCode))
                    return ConnectorResult.Failed(failure, attempt);
                retryAfter = RetryAfter(response);
            }
            catch (HttpRequestException error)
            {
                failure = error.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = "timed out";
            }

            if (attempt == maxAttempts)
                break;
            var delay = retryAfter ?? settings.OutboundRetryDelay * Math.Pow(2, attempt - 1);
            if (delay > settings.OutboundMaxRetryDelay)
            {
                if (retryAfter is not null)
                    return ConnectorResult.Failed($"{failure}, Retry-After {retryAfter.Value.TotalSeconds:0} s is longer than the {settings.OutboundMaxRetryDelay.TotalSeconds:0} s the bot waits", attempt);
                delay = settings.OutboundMaxRetryDelay;
            }
            logger.LogWarning("{Method} to conversation {ConversationId} at {ServiceUrl}: {Failure}; retry {Attempt} of {Retries} in {Delay} ms",
                method.Method, activity.Conversation?.Id, activity.ServiceUrl, failure, attempt, maxAttempts - 1, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken);
        }
        return ConnectorResult.Failed(failure, maxAttempts);
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
            return null;
        if (header.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>The new activity's id; some channels (local emulators) answer with an empty body.</summary>
    private static async Task<string?> ReadIdAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(body))
            return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>What became of one connector call.</summary>
public sealed record ConnectorResult(bool Succeeded, string? ActivityId, string? Failure, int Attempts)
{
    public static ConnectorResult Sent(string? id, int attempts) => new(true, id, null, attempts);

    public static ConnectorResult Failed(string reason, int attempts) => new(false, null, reason, attempts);
}
