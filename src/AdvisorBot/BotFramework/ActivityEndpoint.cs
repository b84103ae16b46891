using System.Text.Json;
using AdvisorBot.BotFramework.Activities;
using AdvisorBot.BotFramework.Authentication;
using AdvisorBot.Core.Storage;
using AdvisorBot.BotFramework.Configuration;
using AdvisorBot.Http;

namespace AdvisorBot.BotFramework;

/// <summary>
/// <c>POST /api/messages</c>: one Activity per request. In order: size (413), token present
/// (401), JSON (400), token valid for this activity (401, or 503 when the keys cannot be
/// fetched), activity fields (400), the conversation's rate (429); only then is anything done.
/// Non-invoke activities get an empty 200 once handled, or 503 when the reply could not be
/// delivered through the connector (the channel sends the activity again, and only that retry is
/// answered); unknown types are ignored with 200. Of invokes, card actions are answered with a
/// card, Teams' feedback with an empty 200.
/// </summary>
public sealed class ActivityEndpoint(
    BotTokenValidator validator,
    BotTurns turns,
    [FromKeyedServices(ActivityEndpoint.RateLimitKey)] FixedWindowRateLimit rateLimit,
    InboundClaims claims,
    ILogger<ActivityEndpoint> logger)
{
    public const string Route = "/api/messages";

    /// <summary>How long an activity id is remembered: far longer than a channel retries a turn.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromHours(1);

    /// <summary>The rate limit of activities per conversation (BotFramework:ConversationPermitLimit a ConversationWindow).</summary>
    public const string RateLimitKey = "BotFramework.Conversations";

    /// <summary>Largest activity read; a message with a card is far below it.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    private const int MaxIdLength = 2048;

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.ContentLength > MaxBodyBytes)
            return TooLarge();

        var authorization = request.Headers.Authorization.ToString();
        // Refused before the body is read when a token is required and there is none.
        if (string.IsNullOrWhiteSpace(authorization) && validator.RequiresToken)
            return Refused(AuthenticationResult.Reject("no Authorization header"), null);

        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, http.RequestAborted);
        if (body is null)
            return TooLarge();

        var (activity, problem) = JsonBodyError.Read<Activity>(body, ActivityJson.Options);
        if (problem is not null)
            return BadRequest($"The body is not a valid Activity: {problem}");
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
            return BadRequest("The body is not an Activity: it has no type.");

        var authentication = await validator.AuthenticateAsync(authorization, activity, http.RequestAborted);
        if (!authentication.Succeeded)
            return Refused(authentication, activity);

        var handled = activity.Type is ActivityTypes.Message or ActivityTypes.ConversationUpdate
                      || (activity.Type == ActivityTypes.Invoke && activity.Name is BotTurns.CardActionInvokeName or Teams.TeamsFeedback.InvokeName);
        if (!handled)
        {
            logger.LogDebug("Ignored activity {ActivityId} of type {Type} ({Name}) from {ChannelId}", activity.Id, activity.Type, activity.Name, activity.ChannelId);
            return activity.Type == ActivityTypes.Invoke ? Results.StatusCode(StatusCodes.Status501NotImplemented) : Results.Ok();
        }

        if (Invalid(activity) is { } invalid)
            return BadRequest(invalid);
        // After the token is checked: the conversation id is in the body, and unauthenticated
        // requests must not use up a real conversation's allowance.
        if (!rateLimit.TryAcquire($"{activity.ChannelId}|{activity.Conversation!.Id}", out var retryAfter))
        {
            logger.LogWarning("Rate limit reached for conversation {ConversationId} on {ChannelId}; activity {ActivityId} refused", activity.Conversation.Id, activity.ChannelId, activity.Id);
            RetryAfter.Set(http.Response, retryAfter);
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        // A channel that thinks a turn timed out sends the same activity again, perhaps to another
        // replica: each message is claimed once, across replicas, by its id. (An invoke is not:
        // its answer is the HTTP response itself, which the retry needs.) A message answered
        // before but not delivered comes with the replies left to deliver.
        var claimKey = activity.Type == ActivityTypes.Message && !string.IsNullOrEmpty(activity.Id)
            ? $"botframework:{activity.ChannelId}:{activity.Conversation.Id}:{activity.Id}"
            : null;
        InboundClaim? claim = null;
        if (claimKey is not null && (claim = await claims.TryTakeAsync(claimKey, ClaimLifetime, http.RequestAborted)) is null)
        {
            logger.LogInformation("Activity {ActivityId} in conversation {ConversationId} was delivered before; not answered again", activity.Id, activity.Conversation.Id);
            return Results.Ok();
        }

        // The turn is not tied to this request: replies go through the connector and should
        // still go out if the channel stops waiting for the HTTP response, or the host is
        // stopping (it waits for the turns in flight up to its shutdown timeout).
        var cancellationToken = CancellationToken.None;
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                if (activity.From!.Id == activity.Recipient?.Id)
                    return Results.Ok();
                ConnectorDelivery delivery;
                try
                {
                    delivery = claim?.Result is { } recorded
                        ? await turns.ResendAsync(activity, UndeliveredReplies.FromJson(recorded, claim.Progress), cancellationToken)
                        : await turns.OnMessageAsync(activity, cancellationToken);
                }
                catch when (claim is not null)
                {
                    // Not answered: the channel's retry is, rather than being taken for a duplicate.
                    await (claim.Result is { } recorded
                        ? claims.ReleaseAsync(claim.Key, recorded, claim.Progress, CancellationToken.None)
                        : claims.ReleaseAsync([claim.Key], CancellationToken.None));
                    throw;
                }
                if (delivery.Undelivered is { } left)
                {
                    // Answered but not delivered: the claim is given back with what is left, so the
                    // channel's retry (which a 5xx asks for) delivers it, once, without a second turn.
                    if (claim is not null)
                        await claims.ReleaseAsync(claim.Key, left.ToJson(), left.Delivered, CancellationToken.None);
                    return Undelivered(activity, delivery.Failure);
                }
                return Results.Ok();
            case ActivityTypes.ConversationUpdate:
                return await turns.OnConversationUpdateAsync(activity, cancellationToken) ? Results.Ok() : Undelivered(activity, "a welcome could not be delivered");
            case ActivityTypes.Invoke when activity.Name == Teams.TeamsFeedback.InvokeName:
                // Teams wants 200 with an empty body; anything in it is an error to Teams.
                return await turns.OnFeedbackAsync(activity, cancellationToken) is { } unreadable ? BadRequest(unreadable) : Results.Ok();
            default:
                var response = await turns.OnCardActionAsync(activity, cancellationToken);
                return Results.Json(response, ActivityJson.Options, statusCode: StatusCodes.Status200OK);
        }
    }

    private static string? Invalid(Activity activity)
    {
        if (!TrustedUrl.IsHttp(activity.ServiceUrl))
            return "serviceUrl must be an absolute http(s) URL.";
        if (string.IsNullOrWhiteSpace(activity.ChannelId) || activity.ChannelId.Length > 64)
            return "channelId is missing.";
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id) || activity.Conversation.Id.Length > MaxIdLength)
            return "conversation.id is missing or too long.";
        if (activity.Type != ActivityTypes.ConversationUpdate && (string.IsNullOrWhiteSpace(activity.From?.Id) || activity.From.Id.Length > MaxIdLength))
            return "from.id is missing or too long.";
        if (activity.Id?.Length > MaxIdLength)
            return "id is too long.";
        var action = activity.Type == ActivityTypes.Invoke ? CardActionValue.FromInvoke(activity.Value) : CardActionValue.FromSubmit(activity.Value);
        return CardActionValue.Problem(action);
    }

    private IResult Refused(AuthenticationResult result, Activity? activity)
    {
        logger.LogWarning("Refused activity {ActivityId} of type {Type} from {ChannelId} at {ServiceUrl}: {Reason}",
            activity?.Id, activity?.Type, activity?.ChannelId, activity?.ServiceUrl, result.Failure);
        return result.FailureStatus == StatusCodes.Status503ServiceUnavailable
            ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
            : Results.Unauthorized();
    }

    /// <summary>503: the reply could not be delivered to the channel. The Bot Connector sends the
    /// activity again, and that retry is answered.</summary>
    private IResult Undelivered(Activity activity, string? reason)
    {
        logger.LogWarning("Activity {ActivityId} in conversation {ConversationId}: the reply could not be delivered ({Reason}); answered 503 so the channel sends it again",
            activity.Id, activity.Conversation?.Id, reason);
        return Results.Problem(detail: "The bot's reply could not be delivered to the channel; send the activity again.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Reply not delivered");
    }

    private static IResult BadRequest(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad activity");

    private static IResult TooLarge() =>
        Results.Problem(detail: $"An activity may be at most {MaxBodyBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Activity too large");
}
