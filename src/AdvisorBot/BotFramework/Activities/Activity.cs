using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdvisorBot.BotFramework.Activities;

/// <summary>
/// One Bot Framework Activity, the fields this bot reads or writes; the protocol is the same in
/// both directions. Unknown fields are ignored on the way in and nulls left out on the way out.
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? ReplyToId { get; init; }
    public string? Locale { get; init; }
    public string? Text { get; init; }
    public string? TextFormat { get; init; }
    public string? InputHint { get; init; }

    /// <summary>The invoke's name, e.g. <c>adaptiveCard/action</c>.</summary>
    public string? Name { get; init; }

    /// <summary>A card submit's data, or an invoke's payload.</summary>
    public JsonElement? Value { get; init; }

    public IReadOnlyList<Entity>? Entities { get; init; }

    /// <summary>Buttons above the send box for the next step (Web Chat); gone once the person sends something.</summary>
    public SuggestedActions? SuggestedActions { get; init; }

    /// <summary>The channel's own fields; the bot writes Teams' <c>feedbackLoopEnabled</c> here.</summary>
    public object? ChannelData { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
}

public sealed record ChannelAccount(string? Id, string? Name = null)
{
    public string? AadObjectId { get; init; }
    public string? Role { get; init; }
}

public sealed record ConversationAccount(string? Id)
{
    public string? Name { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public bool? IsGroup { get; init; }
}

/// <summary>
/// An entity of the activity: a mention (<c>type</c> "mention") on the way in; on the way out, the
/// schema.org Message entity that carries Teams' citations (<see cref="TeamsCitations"/>).
/// </summary>
public sealed record Entity(string? Type, ChannelAccount? Mentioned = null, string? Text = null)
{
    [JsonPropertyName("@type")]
    public string? SchemaType { get; init; }

    [JsonPropertyName("@context")]
    public string? Context { get; init; }

    public IReadOnlyList<CitationClaim>? Citation { get; init; }
}

/// <summary>The activity's suggested actions.</summary>
public sealed record SuggestedActions(IReadOnlyList<SuggestedAction> Actions);

/// <summary>
/// A suggested action as the protocol has it. The bot uses <c>messageBack</c>: the person's
/// transcript shows <see cref="DisplayText"/>, and <see cref="Value"/> comes back as the message's
/// value, exactly as a card button's data does.
/// </summary>
public sealed record SuggestedAction(string Type, string Title, object? Value, string? DisplayText = null);

/// <summary>A card or file. Outbound content is a card record; inbound content is left as JSON.</summary>
public sealed record Attachment(string ContentType, object? Content);

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Invoke = "invoke";
    public const string Typing = "typing";
}

/// <summary>The one set of JSON settings for activities: camelCase, nulls omitted.</summary>
public static class ActivityJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
