using System.Text.Json;
using System.Text.Json.Nodes;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.BotFramework.Support;

/// <summary>
/// Reads a card as a person would (its texts, its buttons) and checks it against the official
/// Adaptive Card 1.5 schema (<see cref="OfficialSchemas"/>), the newest version Teams renders.
/// </summary>
public static class AdaptiveCardShape
{
    /// <summary>Where the card breaks the official 1.5 schema, or that it does not say version 1.5; empty when valid.</summary>
    public static IReadOnlyList<string> Problems(JsonElement card)
    {
        var problems = OfficialSchemas.AdaptiveCardProblems(JsonNode.Parse(card.GetRawText())!).ToList();
        if (Text(card, "version") != "1.5")
            problems.Add($"card: version is '{Text(card, "version")}', not 1.5");
        return problems;
    }

    private static string? Text(JsonElement item, string property) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Every text of the card, in order, as the user reads it (Markdown escapes undone).</summary>
    public static IReadOnlyList<string> Texts(JsonElement card) => MarkdownShown.Of(Markdown(card));

    /// <summary>Every text of the card, in order, as written on the wire (Markdown).</summary>
    public static IReadOnlyList<string> Markdown(JsonElement card)
    {
        var texts = new List<string>();
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (Text(element, "type") == "TextBlock" && Text(element, "text") is { } text)
                    texts.Add(text);
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value);
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in element.EnumerateArray())
                    Walk(child);
            }
        }
        Walk(card);
        return texts;
    }

    /// <summary>Every button of the card: its type, title and data.</summary>
    public static IReadOnlyList<(string Type, string Title, JsonElement Data)> Buttons(JsonElement card)
    {
        var buttons = new List<(string, string, JsonElement)>();
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (Text(element, "type") is { } type && type.StartsWith("Action.", StringComparison.Ordinal))
                    buttons.Add((type, Text(element, "title") ?? "", element.TryGetProperty("data", out var data) ? data.Clone() : default));
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value);
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in element.EnumerateArray())
                    Walk(child);
            }
        }
        Walk(card);
        return buttons;
    }
}
