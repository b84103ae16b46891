using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdvisorBot.Slack;

/// <summary>The Block Kit layout blocks the bot sends, serialized as Slack expects them
/// (snake_case, "type" first, nulls left out).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
[JsonDerivedType(typeof(ContextActionsBlock), "context_actions")]
public abstract record Block(string? BlockId);

public sealed record HeaderBlock(TextObject Text, string? BlockId = null) : Block(BlockId);

public sealed record SectionBlock(TextObject Text, string? BlockId = null) : Block(BlockId);

public sealed record ContextBlock(IReadOnlyList<TextObject> Elements, string? BlockId = null) : Block(BlockId);

public sealed record ActionsBlock(IReadOnlyList<ButtonElement> Elements, string? BlockId = null) : Block(BlockId);

public sealed record DividerBlock(string? BlockId = null) : Block(BlockId);

/// <summary>Actions shown as part of the message's context: here Slack's own feedback buttons.</summary>
public sealed record ContextActionsBlock(IReadOnlyList<FeedbackButtonsElement> Elements, string? BlockId = null) : Block(BlockId);

/// <summary>Slack's thumbs up and down (<c>feedback_buttons</c>); a click comes back as a
/// block_actions payload with the value of the button clicked.</summary>
public sealed record FeedbackButtonsElement(string ActionId, FeedbackButton PositiveButton, FeedbackButton NegativeButton)
{
    [JsonPropertyOrder(-1)]
    public string Type => "feedback_buttons";
}

/// <summary>One of the two feedback buttons: its plain_text label, its value, and what a screen reader says.</summary>
public sealed record FeedbackButton(TextObject Text, string Value, string? AccessibilityLabel = null);

/// <summary>A text object: "mrkdwn" (formatting and links) or "plain_text" (labels, headers).</summary>
public sealed record TextObject(string Type, string Text, bool? Emoji = null)
{
    public static TextObject Mrkdwn(string text) => new("mrkdwn", text);

    public static TextObject Plain(string text) => new("plain_text", text, Emoji: true);
}

public sealed record ButtonElement(TextObject Text, string ActionId, string Value, string? Style = null)
{
    public string Type => "button";
}

/// <summary>A message as Slack takes it: Block Kit blocks and the plain fallback shown in
/// notifications and by screen readers.</summary>
public sealed record SlackMessage(string Text, IReadOnlyList<Block> Blocks);

public static class BlockKitJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
