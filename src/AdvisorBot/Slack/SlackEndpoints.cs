using System.Text;
using System.Text.Json;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AdvisorBot.Slack;

/// <summary>
/// Slack's three request URLs. Each request's raw body is checked against its signature before
/// anything is parsed, and each is acknowledged at once: the answering is queued for the workers,
/// since Slack gives up (and retries events) after three seconds.
/// </summary>
public static class SlackEndpoints
{
    public const string EventsPath = "/api/slack/events";
    public const string CommandsPath = "/api/slack/commands";
    public const string InteractionsPath = "/api/slack/interactions";
    public const string ChooseFrameworkCommand = "/choose-framework";

    /// <summary>Slack's payloads are a few kilobytes; anything near this is not from Slack.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public const string RetryNumHeader = "X-Slack-Retry-Num";
    public const string RetryReasonHeader = "X-Slack-Retry-Reason";

    /// <summary>How long a Slack event id is remembered: well past Slack's last retry, five minutes after the first try.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromHours(1);

    private const string LogCategory = "AdvisorBot.Slack.SlackEndpoints";

    internal static async Task<IResult> EventsAsync(HttpContext context, SlackRequestVerifier verifier, InboundClaims claims,
        SlackWorkQueue queue, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var (body, refusal) = await verifier.ReadVerifiedAsync(context, "events");
        if (refusal is not null)
            return refusal;

        JsonElement envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<JsonElement>(body);
        }
        catch (JsonException)
        {
            return BadRequest("The body is not JSON.");
        }
        switch (envelope.String("type"))
        {
            case "url_verification":
                return envelope.String("challenge") is { } challenge ? Results.Json(new { challenge }) : BadRequest("url_verification without a \"challenge\".");
            case "event_callback":
                break;
            default:
                logger.LogInformation("Slack event envelope {Type} ignored", envelope.String("type") ?? "(none)");
                return Results.Ok();
        }

        var eventId = envelope.String("event_id");
        if (string.IsNullOrEmpty(eventId))
            return BadRequest("event_callback without an \"event_id\".");
        var retry = context.Request.Headers[RetryNumHeader].ToString();
        if (SlackInbound.ReadOpening(envelope) is { } opened)
            return await OfferAsync(opened);
        var reading = SlackInbound.ReadEvent(envelope);
        if (reading.Problem is not null)
            return BadRequest(reading.Problem);
        if (reading.Message is not { } message || reading.Place is not { } place)
        {
            logger.LogDebug("Slack event {EventId} ignored: {Reason}", eventId, reading.IgnoredBecause);
            return Results.Ok();
        }

        // The event id, and the message itself: the same message can come as two events. Claimed
        // in the state database, so a retry that reaches another replica is not answered again.
        string[] keys = [$"slack:event:{eventId}", $"slack:message:{place.Team}:{place.Channel}:{reading.MessageTs}"];
        if (!await claims.TryClaimAsync(keys, ClaimLifetime, context.RequestAborted))
        {
            logger.LogInformation("Slack event {EventId} already taken (retry {RetryNum}, {RetryReason}); not answered again",
                eventId, retry.Length > 0 ? retry : "none", context.Request.Headers[RetryReasonHeader].ToString());
            return Results.Ok();
        }
        var job = new SlackJob(SlackJobKind.Answer, message with { Id = eventId }, place, null, null, $"answer event {eventId}");
        if (await queue.TryEnqueueAsync($"event:{eventId}", job, context.RequestAborted) == EnqueueResult.Full)
        {
            // Full: refuse with 503 and forget the event, so Slack's retry (in a minute, then five)
            // gets it answered once the queue has drained, rather than dropping the question.
            await claims.ReleaseAsync(keys, CancellationToken.None);
            logger.LogWarning("Slack queue full: event {EventId} refused with 503 for Slack to retry", eventId);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        logger.LogInformation("Slack event {EventId} queued (retry {RetryNum})", eventId, retry.Length > 0 ? retry : "none");
        return Results.Ok();

        // A chat with the bot opened: its suggested prompts, once per event, queued like a question.
        async Task<IResult> OfferAsync(SlackPlace opened)
        {
            string[] openedKeys = [$"slack:event:{eventId}"];
            if (!await claims.TryClaimAsync(openedKeys, ClaimLifetime, context.RequestAborted))
                return Results.Ok();
            var job = new SlackJob(SlackJobKind.SuggestPrompts, null, opened, null, null, $"suggest prompts for event {eventId}");
            if (await queue.TryEnqueueAsync($"event:{eventId}", job, context.RequestAborted) == EnqueueResult.Full)
            {
                await claims.ReleaseAsync(openedKeys, CancellationToken.None);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            return Results.Ok();
        }
    }

    internal static async Task<IResult> CommandsAsync(HttpContext context, SlackRequestVerifier verifier, SlackWorkQueue queue, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var (body, refusal) = await verifier.ReadVerifiedAsync(context, "commands");
        if (refusal is not null)
            return refusal;

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        string? Field(string name) => form.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;
        // Slack checks the certificate of a newly configured URL with a signed ssl_check post.
        if (Field("ssl_check") == "1")
            return Results.Ok();

        var command = Field("command");
        var team = Field("team_id");
        var channel = Field("channel_id");
        var user = Field("user_id");
        var missing = new[] { ("command", command), ("team_id", team), ("channel_id", channel), ("user_id", user) }
            .Where(field => field.Item2 is null).Select(field => field.Item1).ToList();
        if (missing.Count > 0)
            return BadRequest($"Slash command without {string.Join(", ", missing)}.");
        if (!SlackInbound.TryResponseUrl(Field("response_url"), out var responseUrl))
            return BadRequest("response_url must be an absolute http(s) URL.");
        if (!string.Equals(command, ChooseFrameworkCommand, StringComparison.OrdinalIgnoreCase))
            return Ephemeral($"I don't know {command}. Try {ChooseFrameworkCommand}, or mention me with a question.");

        var message = new InboundMessage(SlackInbound.ChannelName, SlackInbound.ConversationId(team!, channel!), user!, Field("text"), UserName: Field("user_name"));
        var place = new SlackPlace(team!, channel!, null);
        var job = new SlackJob(SlackJobKind.StartFlow, message, place, responseUrl, null, $"{command} in {channel}");
        // A command delivered twice (the same trigger_id) is queued once.
        var queued = await queue.TryEnqueueAsync($"command:{Field("trigger_id") ?? Guid.NewGuid().ToString("N")}", job, context.RequestAborted);
        if (queued == EnqueueResult.Full)
        {
            // Slack does not retry commands, and a non-200 shows the person only "dispatch_failed":
            // a plain message says what happened.
            logger.LogWarning("Slack queue full: {Command} in {Channel} turned away", command, channel);
            return Ephemeral("I'm busy answering others right now. Please try again in a minute.");
        }
        return Ephemeral("Let's choose a framework: the first question is on its way.");
    }

    internal static async Task<IResult> InteractionsAsync(HttpContext context, SlackRequestVerifier verifier, SlackWorkQueue queue, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var (body, refusal) = await verifier.ReadVerifiedAsync(context, "interactions");
        if (refusal is not null)
            return refusal;

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        if (!form.TryGetValue("payload", out var payloadText) || StringValues.IsNullOrEmpty(payloadText))
            return BadRequest("No \"payload\" field.");
        JsonElement payload;
        try
        {
            payload = JsonSerializer.Deserialize<JsonElement>(payloadText.ToString());
        }
        catch (JsonException)
        {
            return BadRequest("\"payload\" is not JSON.");
        }
        if (payload.String("type") != "block_actions")
        {
            logger.LogInformation("Slack interaction {Type} ignored", payload.String("type") ?? "(none)");
            return Results.Ok();
        }
        var reading = SlackInbound.ReadAction(payload);
        if (reading.Problem is not null)
            return BadRequest(reading.Problem);
        if (reading.Message is not { } message || reading.Source is not { } source)
        {
            logger.LogInformation("Slack block_actions ignored: {Reason}", reading.IgnoredBecause);
            return Results.Ok();
        }
        var job = new SlackJob(SlackJobKind.Act, message, source.Place, source.ResponseUrl, source, $"click in {source.Place.Channel}");
        // A click delivered twice (the same trigger_id) is queued once.
        if (await queue.TryEnqueueAsync($"action:{payload.String("trigger_id") ?? Guid.NewGuid().ToString("N")}", job, context.RequestAborted) == EnqueueResult.Full)
        {
            // Not 200: Slack then marks the button as failed, so the person sees the click did not take.
            logger.LogWarning("Slack queue full: click in {Channel} refused with 503", source.Place.Channel);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        return Results.Ok();
    }

    private static IResult Ephemeral(string text) => Results.Json(new { response_type = "ephemeral", text = SlackText.Escape(text) });

    private static IResult BadRequest(string error) => Results.Json(new { ok = false, error }, statusCode: StatusCodes.Status400BadRequest);
}
