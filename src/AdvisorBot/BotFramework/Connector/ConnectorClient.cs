using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AdvisorBot.BotFramework.Activities;
using AdvisorBot.BotFramework.Configuration;
using AdvisorBot.Http;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace AdvisorBot.BotFramework.Connector;

/// <summary>
/// The Bot Connector REST API, the calls the bot makes: reply to an activity, send a new one to a
/// conversation, update one. Ids are escaped (Teams ids hold ':', '@' and ';'). 429 and 5xx are
/// retried by the HTTP client's resilience handler (<see cref="OutboundResilience"/>, configured by
/// BotFramework:Outbound*); a refused token is renewed once; a call that finally fails is logged
/// with its ids and reported to the caller, never dropped unseen.
/// </summary>
public sealed class ConnectorClient(
    HttpClient http,
    BotAccessTokenProvider tokens,
    IOptions<BotFrameworkLimits> limits,
    TimeProvider time,
    ILogger<ConnectorClient> logger)
{
    /// <summary>Sends <paramref name="activity"/> to its conversation: as a reply to
    /// <see cref="Activity.ReplyToId"/> when it has one, else as a new message. Without
    /// <paramref name="retry"/> it is tried once (a typing indicator is not worth a retry).</summary>
    public Task<ConnectorResult> SendAsync(Activity activity, CancellationToken cancellationToken, bool retry = true)
    {
        var conversation = activity.Conversation?.Id ?? throw new ArgumentException("the activity has no conversation id", nameof(activity));
        var path = $"v3/conversations/{Uri.EscapeDataString(conversation)}/activities";
        if (!string.IsNullOrEmpty(activity.ReplyToId))
            path += "/" + Uri.EscapeDataString(activity.ReplyToId);
        return CallAsync(HttpMethod.Post, path, activity, retry, cancellationToken);
    }

    /// <summary>Replaces the activity <paramref name="activityId"/> (e.g. a card) with <paramref name="activity"/>.</summary>
    public Task<ConnectorResult> UpdateAsync(string activityId, Activity activity, CancellationToken cancellationToken)
    {
        var conversation = activity.Conversation?.Id ?? throw new ArgumentException("the activity has no conversation id", nameof(activity));
        var path = $"v3/conversations/{Uri.EscapeDataString(conversation)}/activities/{Uri.EscapeDataString(activityId)}";
        return CallAsync(HttpMethod.Put, path, activity with { Id = activityId }, retry: true, cancellationToken);
    }

    private async Task<ConnectorResult> CallAsync(HttpMethod method, string path, Activity activity, bool retry, CancellationToken cancellationToken)
    {
        var result = await TryCallAsync(method, path, activity, retry, cancellationToken);
        if (!result.Succeeded)
        {
            logger.LogError("{Method} {ActivityType} to conversation {ConversationId} (reply to {ReplyToId}) at {ServiceUrl} failed: {Reason}",
                method.Method, activity.Type, activity.Conversation?.Id, activity.ReplyToId, activity.ServiceUrl, result.Failure);
        }
        return result;
    }

    private async Task<ConnectorResult> TryCallAsync(HttpMethod method, string path, Activity activity, bool retry, CancellationToken cancellationToken)
    {
        if (!TrustedUrl.IsHttp(activity.ServiceUrl))
            return ConnectorResult.Failed($"serviceUrl '{activity.ServiceUrl}' is not an http(s) URL");
        var uri = new Uri(activity.ServiceUrl!.TrimEnd('/') + "/" + path, UriKind.Absolute);
        // Serialized once, with a Content-Length: some local channels (emulators) do not read chunked bodies.
        var body = JsonSerializer.SerializeToUtf8Bytes(activity, ActivityJson.Options);
        // A second try only with a fresh token, after the connector refused the first one.
        for (var renewedToken = false; ; renewedToken = true)
        {
            string? token;
            try
            {
                token = await tokens.GetTokenAsync(cancellationToken);
            }
            catch (BotTokenException error)
            {
                return ConnectorResult.Failed(error.Message);
            }
            // The bot's token only ever goes to https (or a loopback address, for local tests).
            if (token is not null && !TrustedUrl.IsAcceptable(uri))
                return ConnectorResult.Failed($"refusing to send the bot's token to {uri.Scheme}://{uri.Authority}");

            using var request = new HttpRequestMessage(method, uri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            if (token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (!retry)
                request.WithoutRetry();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception error) when (error is HttpRequestException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
            {
                return ConnectorResult.Failed(error is TimeoutRejectedException ? "timed out" : error.Message);
            }
            using (response)
            {
                if (response.IsSuccessStatusCode)
                    return ConnectorResult.Sent(await ReadIdAsync(response, cancellationToken));
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && token is not null && !renewedToken)
                {
                    // The token may have been revoked or rolled; one fresh token is worth a try.
                    tokens.Invalidate(token);
                    continue;
                }
                var failure = $"HTTP {(int)response.StatusCode}";
                var maxDelay = limits.Value.OutboundMaxRetryDelay;
                if (OutboundResilience.RetryAfter(response, time) is { } wait && wait > maxDelay)
                    failure += $", Retry-After {wait.TotalSeconds:0} s is longer than the {maxDelay.TotalSeconds:0} s the bot waits";
                return ConnectorResult.Failed(failure);
            }
        }
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
public sealed record ConnectorResult(bool Succeeded, string? ActivityId, string? Failure)
{
    public static ConnectorResult Sent(string? id) => new(true, id, null);

    public static ConnectorResult Failed(string reason) => new(false, null, reason);
}
