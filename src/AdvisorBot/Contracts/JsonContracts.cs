using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Contracts;

/// <summary>The JSON shapes people and tools rely on (design.md), the same on the command line
/// (<c>search --json</c>, <c>sections --json</c>, <c>chat --json</c>) and over HTTP (the desk API).</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Quotes, apostrophes and dashes stay readable; JSON itself stays valid.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Line<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static SearchLine ToJson(SearchResult result) => new(
        result.Question,
        result.Answered,
        result.Confidence,
        result.Hits.Select(hit => ToJson(hit.Passage, hit.Score)).ToList())
    {
        Hedged = result.Hedged,
    };

    public static PassageJson ToJson(Passage passage, double? score = null) =>
        new(passage.Id, passage.Heading, passage.Text, score, ToJson(passage.Source));

    public static SourceJson ToJson(Source source) => new(source.Title, source.Publisher, source.Author, source.Url, source.Date);
}

public sealed record SearchLine(string Question, bool Answered, double Confidence, IReadOnlyList<PassageJson> Passages)
{
    /// <summary>Answered, but the passages only touch on the question (confidence below
    /// <c>Search:HedgeBelow</c>): a chat answer says so.</summary>
    public bool Hedged { get; init; }
}

public sealed record PassageJson(
    string Id,
    string Heading,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score,
    SourceJson Source);

public sealed record SourceJson(string Title, string? Publisher, string? Author, string? Url, string? Date);
