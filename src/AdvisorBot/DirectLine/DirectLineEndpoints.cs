using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdvisorBot.BotFramework.Activities;
using AdvisorBot.Http;

namespace AdvisorBot.DirectLine;

/// <summary>
/// The Direct Line 3.0 endpoints Web Chat polls (<c>webSocket: false</c>). Starting a conversation
/// needs no credentials (the desk page is the bot's public face, like a Teams chat); everything
/// else needs that conversation's token as <c>Authorization: Bearer</c>, checked on every call:
/// no or unknown token 401, expired 403, another conversation's 403.
/// </summary>
public sealed class DirectLineEndpoints(
    DirectLineConversations conversations,
    DirectLineBot bot,
    [FromKeyedServices(DirectLineEndpoints.StartRateLimitKey)] FixedWindowRateLimit startLimit,
    [FromKeyedServices(DirectLineEndpoints.MessageRateLimitKey)] FixedWindowRateLimit messageLimit,
    TimeProvider time,
    ILogger<DirectLineEndpoints> logger)
{
    public const string Prefix = "/v3/directline";

    /// <summary>New conversations per client address a minute (DirectLine:ConversationsPerMinutePerClient).</summary>
    public const string StartRateLimitKey = "DirectLine.Starts";

    /// <summary>Activities per conversation a window (DirectLine:ConversationPermitLimit a ConversationWindow).</summary>
    public const string MessageRateLimitKey = "DirectLine.Messages";

    /// <summary>Largest activity a client may post; a typed question is far below it.</summary>
    public const int MaxActivityBytes = 64 * 1024;

    private const int MaxNameLength = 256;

    /// <summary><c>POST /conversations</c>: with a token, the conversation it opens (Web Chat
    /// "starts" the conversation its token was issued for); without, a new conversation, welcomed.</summary>
    public async Task<IResult> StartConversation(HttpContext http)
    {
        NoStore(http);
        if (HasAuthorization(http))
            return await ExistingConversationAsync(http, conversationId: null);

        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!startLimit.TryAcquire(client, out var retryAfter))
        {
            logger.LogWarning("Direct Line: client {Client} is starting conversations too fast; refused", client);
            RetryAfter.Set(http.Response, retryAfter);
            return Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many new conversations from this address; try again in a minute.");
        }

        var (conversation, token, expiresAt) = await conversations.CreateAsync(http.RequestAborted);
        await bot.WelcomeAsync(conversation, CancellationToken.None);
        logger.LogInformation("Direct Line conversation {ConversationId} started", conversation.Id);
        return Results.Json(new ConversationResponse(conversation.Id, token, SecondsUntil(expiresAt)), DirectLineJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>GET /conversations/{id}</c>: the conversation, for a client reconnecting with its token.</summary>
    public Task<IResult> GetConversation(HttpContext http, string conversationId)
    {
        NoStore(http);
        return ExistingConversationAsync(http, conversationId);
    }

    /// <summary><c>POST /tokens/refresh</c>: a fresh token for the conversation, a full lifetime long.</summary>
    public async Task<IResult> RefreshToken(HttpContext http)
    {
        NoStore(http);
        var (refused, conversation, _) = await AuthorizeAsync(http, conversationId: null);
        if (refused is not null)
            return refused;
        var (token, expiresAt) = await conversations.RefreshAsync(conversation!, http.RequestAborted);
        return Results.Json(new ConversationResponse(conversation!.Id, token, SecondsUntil(expiresAt)), DirectLineJson.Options);
    }

    /// <summary><c>GET /conversations/{id}/activities?watermark=N</c>: what is new since N.</summary>
    public async Task<IResult> GetActivities(HttpContext http, string conversationId)
    {
        NoStore(http);
        var (refused, conversation, _) = await AuthorizeAsync(http, conversationId);
        if (refused is not null)
            return refused;
        var watermarkText = http.Request.Query["watermark"].ToString();
        long watermark = 0;
        if (watermarkText.Length > 0 && (!long.TryParse(watermarkText, NumberStyles.None, CultureInfo.InvariantCulture, out watermark)))
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "watermark must be a whole number, as returned by the previous GET.");
        var (activities, next) = await conversation!.SinceAsync(watermark, http.RequestAborted);
        return Results.Json(new ActivitySet(activities, next.ToString(CultureInfo.InvariantCulture)), DirectLineJson.Options);
    }

    /// <summary><c>POST /conversations/{id}/activities</c>: the person's activity is added to the
    /// conversation and, for a message, answered before the response (<c>{id}</c>) goes back.</summary>
    public async Task<IResult> PostActivity(HttpContext http, string conversationId)
    {
        NoStore(http);
        var (refused, authorized, _) = await AuthorizeAsync(http, conversationId);
        if (refused is not null)
            return refused;
        var conversation = authorized!;
        var body = await RequestBody.ReadAsync(http.Request, MaxActivityBytes, http.RequestAborted);
        if (body is null)
            return TooLarge();

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", JsonBodyError.Syntax(error));
        }
        if (Problem(root) is { } problem)
            return Error(StatusCodes.Status400BadRequest, "BadArgument", problem);
        if (Read(root) is not { } posted)
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "The body is not an activity.");

        if (!messageLimit.TryAcquire(conversation.Id, out var retryAfter))
        {
            logger.LogWarning("Rate limit reached for Direct Line conversation {ConversationId}; activity refused", conversation.Id);
            RetryAfter.Set(http.Response, retryAfter);
            return Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "This conversation is sending too fast; wait a moment and send again.");
        }

        // A typing indicator is neither kept nor answered.
        if (posted.Type == ActivityTypes.Typing)
            return Results.Json(new ResourceResponse(""), DirectLineJson.Options);

        // The turn finishes even if the client stops waiting, or the host is stopping (it waits
        // for turns in flight): its replies are for the next poll, on whichever replica.
        var cancellationToken = CancellationToken.None;
        var gate = conversations.TurnGate(conversation.Id);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (await conversation.AppendAsync(Echo(conversation, root, posted), time.GetUtcNow(), cancellationToken) is not { } id)
                return Error(StatusCodes.Status404NotFound, "NotFound", "The conversation has ended. Start a new conversation.");
            switch (posted.Type)
            {
                case ActivityTypes.Message:
                    await bot.OnMessageAsync(conversation, id, posted.Message, cancellationToken);
                    break;
                case ActivityTypes.ConversationUpdate:
                    foreach (var member in posted.MembersAdded.Where(member => member.Id != DirectLineBot.Bot.Id))
                        await bot.WelcomeAsync(conversation, cancellationToken, member.Name, member.Id);
                    break;
            }
            return Results.Json(new ResourceResponse(id), DirectLineJson.Options);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<IResult> ExistingConversationAsync(HttpContext http, string? conversationId)
    {
        var (refused, conversation, valid) = await AuthorizeAsync(http, conversationId);
        if (refused is not null)
            return refused;
        return Results.Json(new ConversationResponse(conversation!.Id, valid.Token, SecondsUntil(valid.ExpiresAt)), DirectLineJson.Options);
    }

    /// <summary>No refusal when the bearer token opens <paramref name="conversationId"/> (any
    /// conversation when null), with the conversation; otherwise the refusal.</summary>
    private async Task<(IResult? Refused, DirectLineConversation? Conversation, (string Token, DateTimeOffset ExpiresAt) Valid)> AuthorizeAsync(HttpContext http, string? conversationId)
    {
        var token = BearerToken.From(http.Request) is { Length: <= DirectLineTokens.MaxTokenLength } bearer ? bearer : null;
        var result = await conversations.AuthorizeAsync(token, http.RequestAborted);
        switch (result.Status)
        {
            case TokenStatus.Unknown:
                logger.LogInformation("Direct Line {Method} {Path} refused: {Reason}", http.Request.Method, http.Request.Path.Value, token is null ? "no bearer token" : "unknown token");
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return (Error(StatusCodes.Status401Unauthorized, "Unauthorized",
                    token is null ? "Send the conversation's token as Authorization: Bearer <token>." : "The token is not valid (unknown, or its conversation has ended). Start a new conversation."), null, default);
            case TokenStatus.Expired:
                return (Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired. Start a new conversation."), null, default);
        }
        if (conversationId is not null && !string.Equals(conversationId, result.Conversation!.Id, StringComparison.Ordinal))
        {
            logger.LogWarning("Direct Line {Method} {Path} refused: the token is for another conversation", http.Request.Method, http.Request.Path.Value);
            return (Error(StatusCodes.Status403Forbidden, "Forbidden", "The token is not valid for this conversation."), null, default);
        }
        return (null, result.Conversation, (token!, result.ExpiresAt!.Value));
    }

    private static bool HasAuthorization(HttpContext http) => !string.IsNullOrWhiteSpace(http.Request.Headers.Authorization.ToString());

    /// <summary>What the activity is, or null if it is not one this endpoint takes. Read once
    /// <see cref="Problem"/> has found nothing wrong with it.</summary>
    private static PostedActivity? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            return null;
        var type = typeElement.GetString()!;
        if (type is not (ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.Typing or "event"))
            return null;
        var from = root.TryGetProperty("from", out var fromElement) && fromElement.ValueKind == JsonValueKind.Object ? Account(fromElement) : null;
        var text = root.TryGetProperty("text", out var textElement) && textElement.ValueKind == JsonValueKind.String ? textElement.GetString() : null;
        var locale = root.TryGetProperty("locale", out var localeElement) && localeElement.ValueKind == JsonValueKind.String ? localeElement.GetString() : null;
        var action = CardActionValue.Decode(CardActionValue.FromSubmit(root.TryGetProperty("value", out var value) ? value : null));
        var members = root.TryGetProperty("membersAdded", out var membersElement) && membersElement.ValueKind == JsonValueKind.Array
            ? membersElement.EnumerateArray().Where(member => member.ValueKind == JsonValueKind.Object).Select(Account).Where(member => !string.IsNullOrEmpty(member.Id)).ToList()
            : [];
        var sender = new ChannelAccount(string.IsNullOrEmpty(from?.Id) ? null : from.Id, from?.Name) { Role = "user" };
        return new PostedActivity(type, new UserMessage(sender, text, action, locale) { Comment = CardActionValue.CommentFromSubmit(value) }, members);
    }

    private static ChannelAccount Account(JsonElement account) => new(
        account.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
        account.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null);

    /// <summary>What is wrong with the activity, field by field, or null.</summary>
    private static string? Problem(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return "The body must be a JSON object (an activity).";
        if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            return "The activity has no type.";
        if (type.GetString() is not (ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.Typing or "event"))
            return $"Activities of type '{Clip(type.GetString()!)}' are not accepted here: send message, event, typing or conversationUpdate.";
        foreach (var name in new[] { "text", "locale", "textFormat", "name" })
        {
            if (root.TryGetProperty(name, out var field) && field.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                return $"{name} must be a string.";
        }
        if (root.TryGetProperty("locale", out var locale) && locale.ValueKind == JsonValueKind.String && locale.GetString()!.Length > 35)
            return "locale is too long.";
        if (root.TryGetProperty("from", out var from) && from.ValueKind != JsonValueKind.Null)
        {
            if (from.ValueKind != JsonValueKind.Object)
                return "from must be an object.";
            foreach (var name in new[] { "id", "name" })
            {
                if (from.TryGetProperty(name, out var field) && (field.ValueKind is not (JsonValueKind.String or JsonValueKind.Null) || field.GetString()?.Length > MaxNameLength))
                    return $"from.{name} must be a string of at most {MaxNameLength} characters.";
            }
        }
        if (root.TryGetProperty("value", out var value) && CardActionValue.Problem(CardActionValue.FromSubmit(value)) is { } action)
            return action;
        if (root.TryGetProperty("channelData", out var channelData) && channelData.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            return "channelData must be an object.";
        return null;
    }

    /// <summary>
    /// The activity as the conversation keeps and echoes it: what the person sent that clients
    /// rely on (text, the button's value, channelData with Web Chat's clientActivityID, which it
    /// matches its pending message against), addressed by the host; anything else is dropped.
    /// </summary>
    private static JsonObject Echo(DirectLineConversation conversation, JsonElement root, PostedActivity posted)
    {
        var from = new JsonObject { ["id"] = posted.Message.From.Id ?? conversation.UserId, ["role"] = "user" };
        if (posted.Message.From.Name is { } name)
            from["name"] = name;
        var echo = new JsonObject
        {
            ["type"] = posted.Type,
            ["channelId"] = DirectLineBot.ChannelId,
            ["conversation"] = new JsonObject { ["id"] = conversation.Id },
            ["from"] = from,
            ["recipient"] = new JsonObject { ["id"] = DirectLineBot.Bot.Id, ["name"] = DirectLineBot.Bot.Name, ["role"] = "bot" },
        };
        foreach (var field in new[] { "text", "textFormat", "locale", "name", "value", "channelData", "membersAdded" })
        {
            if (root.TryGetProperty(field, out var element) && element.ValueKind != JsonValueKind.Null)
                echo[field] = JsonNode.Parse(element.GetRawText());
        }
        return echo;
    }

    private int SecondsUntil(DateTimeOffset expiresAt) => Math.Max(0, (int)(expiresAt - time.GetUtcNow()).TotalSeconds);

    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static IResult TooLarge() =>
        Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", $"An activity may be at most {MaxActivityBytes / 1024} KB.");

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new ErrorResponse(new ErrorDetail(code, message)), DirectLineJson.Options, statusCode: status);

    private sealed record PostedActivity(string Type, UserMessage Message, IReadOnlyList<ChannelAccount> MembersAdded);
}
