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
public abstract record Block(string? BlockId);

public sealed record HeaderBlock(TextObject Text, string? BlockId = null) : Block(BlockId);

public sealed record SectionBlock(TextObject Text, string? BlockId = null) : Block(BlockId);

public sealed record ContextBlock(IReadOnlyList<TextObject> Elements, string? BlockId = null) : Block(BlockId);

public sealed record ActionsBlock(IReadOnlyList<ButtonElement> Elements, string? BlockId = null) : Block(BlockId);

public sealed record DividerBlock(string? BlockId = null) : Block(BlockId);

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
