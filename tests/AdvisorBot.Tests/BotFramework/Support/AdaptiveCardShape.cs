using System.Text.Json;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.BotFramework.Support;

/// <summary>
/// Checks a card against the Adaptive Card 1.5 schema's rules for the element and action types
/// it may contain: known types only, required properties present, no property the schema does
/// not allow (it forbids additional properties), enum values from the schema.
/// </summary>
public static class AdaptiveCardShape
{
    private static readonly string[] ElementCommon = ["type", "fallback", "height", "separator", "spacing", "id", "isVisible", "requires"];
    private static readonly string[] ActionCommon = ["type", "title", "iconUrl", "id", "style", "fallback", "tooltip", "isEnabled", "mode", "requires"];

    private static readonly Dictionary<string, (string[] Allowed, string[] Required)> Elements = new()
    {
        ["TextBlock"] = ([.. ElementCommon, "text", "color", "fontType", "horizontalAlignment", "isSubtle", "maxLines", "size", "weight", "wrap", "style"], ["text"]),
        ["Container"] = ([.. ElementCommon, "items", "selectAction", "style", "verticalContentAlignment", "bleed", "backgroundImage", "minHeight", "rtl"], ["items"]),
        ["ActionSet"] = ([.. ElementCommon, "actions"], ["actions"]),
        ["FactSet"] = ([.. ElementCommon, "facts"], ["facts"]),
    };

    private static readonly Dictionary<string, (string[] Allowed, string[] Required)> Actions = new()
    {
        ["Action.Submit"] = ([.. ActionCommon, "data", "associatedInputs"], []),
        ["Action.Execute"] = ([.. ActionCommon, "verb", "data", "associatedInputs"], []),
        ["Action.OpenUrl"] = ([.. ActionCommon, "url"], ["url"]),
    };

    private static readonly Dictionary<string, string[]> Enums = new()
    {
        ["spacing"] = ["default", "none", "small", "medium", "large", "extraLarge", "padding"],
        ["size"] = ["default", "small", "medium", "large", "extraLarge"],
        ["weight"] = ["default", "lighter", "bolder"],
        ["color"] = ["default", "dark", "light", "accent", "good", "warning", "attention"],
    };

    private static readonly string[] ContainerStyles = ["default", "emphasis", "good", "attention", "warning", "accent"];
    private static readonly string[] ActionStyles = ["default", "positive", "destructive"];

    public static IReadOnlyList<string> Problems(JsonElement card)
    {
        var problems = new List<string>();
        Check(card, ["type", "version", "$schema", "body", "actions", "fallbackText", "speak", "lang", "minHeight", "rtl", "selectAction", "backgroundImage", "verticalContentAlignment", "refresh", "authentication"], [], "card", problems);
        if (Text(card, "type") != "AdaptiveCard")
            problems.Add("card: type is not AdaptiveCard");
        if (Text(card, "version") != "1.5")
            problems.Add($"card: version is '{Text(card, "version")}', not 1.5");
        if (card.TryGetProperty("body", out var body))
            ElementList(body, "body", problems);
        if (card.TryGetProperty("actions", out var actions))
            ActionList(actions, "actions", problems);
        return problems;
    }

    private static void ElementList(JsonElement list, string path, List<string> problems)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}: not an array");
            return;
        }
        var i = 0;
        foreach (var element in list.EnumerateArray())
        {
            var where = $"{path}[{i++}]";
            var type = Text(element, "type") ?? "";
            if (!Elements.TryGetValue(type, out var rules))
            {
                problems.Add($"{where}: unknown element type '{type}'");
                continue;
            }
            Check(element, rules.Allowed, rules.Required, where, problems);
            foreach (var (property, values) in Enums)
                CheckEnum(element, property, values, where, problems);
            if (type == "TextBlock" && element.TryGetProperty("text", out var text) && text.ValueKind != JsonValueKind.String)
                problems.Add($"{where}: text is not a string");
            if (type == "Container")
            {
                CheckEnum(element, "style", ContainerStyles, where, problems);
                ElementList(element.GetProperty("items"), where + ".items", problems);
            }
            if (type == "ActionSet")
                ActionList(element.GetProperty("actions"), where + ".actions", problems);
            if (type == "FactSet")
            {
                foreach (var fact in element.GetProperty("facts").EnumerateArray())
                    Check(fact, ["title", "value"], ["title", "value"], where + ".facts", problems);
            }
        }
    }

    private static void ActionList(JsonElement list, string path, List<string> problems)
    {
        var i = 0;
        foreach (var action in list.EnumerateArray())
        {
            var where = $"{path}[{i++}]";
            var type = Text(action, "type") ?? "";
            if (!Actions.TryGetValue(type, out var rules))
            {
                problems.Add($"{where}: unknown action type '{type}'");
                continue;
            }
            Check(action, rules.Allowed, rules.Required, where, problems);
            CheckEnum(action, "style", ActionStyles, where, problems);
            if (action.TryGetProperty("data", out var data) && data.ValueKind is not (JsonValueKind.Object or JsonValueKind.String))
                problems.Add($"{where}: data is neither an object nor a string");
        }
    }

    private static void Check(JsonElement item, string[] allowed, string[] required, string where, List<string> problems)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where}: not an object");
            return;
        }
        foreach (var property in item.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                problems.Add($"{where}: property '{property.Name}' is not allowed");
        }
        foreach (var name in required)
        {
            if (!item.TryGetProperty(name, out _))
                problems.Add($"{where}: required property '{name}' is missing");
        }
    }

    private static void CheckEnum(JsonElement item, string property, string[] values, string where, List<string> problems)
    {
        if (item.TryGetProperty(property, out var value) && !values.Contains(value.GetString(), StringComparer.OrdinalIgnoreCase))
            problems.Add($"{where}: {property} '{value}' is not one of {string.Join(", ", values)}");
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
