using System.Text.Json.Serialization;

namespace AdvisorBot.BotFramework.Cards;

/// <summary>
/// The part of the Adaptive Card 1.5 schema the bot uses (the .NET AdaptiveCards package is not in
/// the registry). Property names and values follow the schema at adaptivecards.io; the type
/// discriminator is written first, as the schema's examples have it.
/// </summary>
public sealed record AdaptiveCard(IReadOnlyList<CardElement> Body, IReadOnlyList<CardAction>? Actions)
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Teams renders Adaptive Cards up to 1.5.</summary>
    public const string SchemaVersion = "1.5";

    [JsonPropertyOrder(-3)]
    public string Type => "AdaptiveCard";

    [JsonPropertyOrder(-2)]
    [JsonPropertyName("$schema")]
    public string Schema => "http://adaptivecards.io/schemas/adaptive-card.json";

    [JsonPropertyOrder(-1)]
    public string Version => SchemaVersion;
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
public abstract record CardElement
{
    /// <summary>Names the element for <see cref="ToggleVisibilityAction"/>; unique within the card.</summary>
    public string? Id { get; init; }

    /// <summary>False: hidden until a "Show more" button shows it.</summary>
    public bool? IsVisible { get; init; }

    public string? Spacing { get; init; }
    public bool? Separator { get; init; }
}

public sealed record TextBlock(string Text) : CardElement
{
    public bool Wrap { get; init; } = true;
    public string? Size { get; init; }
    public string? Weight { get; init; }
    public bool? IsSubtle { get; init; }
    public string? Color { get; init; }

    /// <summary>"monospace" for code.</summary>
    public string? FontType { get; init; }
}

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public string? Style { get; init; }

    /// <summary>What a tap anywhere on the container does: an option too long for a button's label.</summary>
    public CardAction? SelectAction { get; init; }
}

public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

/// <summary>A text box; its value goes back with the card's Submit, under its <see cref="CardElement.Id"/>.</summary>
public sealed record TextInput : CardElement
{
    public string? Label { get; init; }
    public string? Placeholder { get; init; }
    public bool? IsMultiline { get; init; }
    public int? MaxLength { get; init; }
}

public sealed record Fact(string Title, string Value);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(ToggleVisibilityAction), "Action.ToggleVisibility")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
public abstract record CardAction(string Title)
{
    public string? Style { get; init; }
}

/// <summary>Sends <see cref="Data"/> back as a message's <c>value</c> (every client that renders cards).</summary>
public sealed record SubmitAction(string Title, CardActionData Data) : CardAction(Title);

/// <summary>Sends <see cref="Data"/> back as an <c>adaptiveCard/action</c> invoke (Teams' universal actions).</summary>
public sealed record ExecuteAction(string Title, string Verb, CardActionData Data) : CardAction(Title);

/// <summary>Shows or hides the elements named (a collapsed "Show more"), in the card itself.</summary>
public sealed record ToggleVisibilityAction(string Title, IReadOnlyList<string> TargetElements) : CardAction(Title);

/// <summary>Opens a small card under the button (a form: "what were you looking for?").</summary>
public sealed record ShowCardAction(string Title, AdaptiveCard Card) : CardAction(Title);

/// <summary>What a button sends back: the choice value under <c>action</c>.</summary>
public sealed record CardActionData([property: JsonPropertyName(CardActionData.Key)] string Action)
{
    /// <summary>The property of a button's data that holds the choice value.</summary>
    public const string Key = "action";

    /// <summary>The input whose words go back with a button's data: why an answer did not help.</summary>
    public const string CommentKey = "comment";

    /// <summary>Longest comment kept, as the desk API's.</summary>
    public const int MaxCommentLength = 2000;
}

/// <summary>Which kind of button a card gets.</summary>
public enum CardActionKind
{
    Submit,
    Execute,
}
