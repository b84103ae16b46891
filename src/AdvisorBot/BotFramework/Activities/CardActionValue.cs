using System.Text.Json;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.Core.Conversation;

namespace AdvisorBot.BotFramework.Activities;

/// <summary>
/// The data every button of the bot's cards carries: <c>{"action": "&lt;choice value&gt;"}</c>.
/// An Action.Submit click arrives as a message whose <c>value</c> is that object; an
/// Action.Execute click as an <c>adaptiveCard/action</c> invoke with it under <c>value.action.data</c>.
/// </summary>
public static class CardActionValue
{
    public const string Key = CardActionData.Key;

    /// <summary>Longest choice value accepted back; the bot's own are far shorter.</summary>
    public const int MaxLength = 4000;

    /// <summary>Why a button value that came back cannot be acted on (too long, or not one of the
    /// bot's actions), or null.</summary>
    public static string? Problem(string? value) => value switch
    {
        null => null,
        { Length: > MaxLength } => $"The button value is longer than {MaxLength} characters.",
        _ => ReplyActionCodec.TryDecode(value, out _, out var problem) ? null : problem,
    };

    /// <summary>The action of a button value that <see cref="Problem"/> found nothing wrong with.</summary>
    public static ReplyAction? Decode(string? value) => value is null ? null : ReplyActionCodec.Decode(value);

    public static string? FromSubmit(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } data ? Read(data) : null;

    public static string? FromInvoke(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } payload
            || !payload.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object
            || !action.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            return null;
        return Read(data);
    }

    /// <summary>The words typed into the card's comment box with a Submit, trimmed and cut to
    /// <see cref="CardActionData.MaxCommentLength"/>; null when there are none.</summary>
    public static string? CommentFromSubmit(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty(CardActionData.CommentKey, out var comment)
            && comment.ValueKind == JsonValueKind.String && comment.GetString()!.Trim() is { Length: > 0 } words
            ? ReplyCardRenderer.Clip(words, CardActionData.MaxCommentLength)
            : null;

    private static string? Read(JsonElement data) =>
        data.TryGetProperty(Key, out var action) && action.ValueKind == JsonValueKind.String && action.GetString() is { Length: > 0 } text
            ? text
            : null;
}
