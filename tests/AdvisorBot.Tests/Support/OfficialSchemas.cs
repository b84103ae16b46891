using System.Text.Json.Nodes;
using Json.Schema;

namespace AdvisorBot.Tests.Support;

/// <summary>
/// The platforms' own published JSON Schemas (copies in tests/AdvisorBot.Tests/Schemas, with their
/// provenance) and a real validator: what Teams, Slack and Adaptive Card hosts accept is checked
/// against their definition, not against rules retyped by hand.
/// </summary>
public static class OfficialSchemas
{
    private static readonly Lazy<JsonSchema> TeamsManifestSchema = new(() => Load("teams-app-manifest.schema.json", setAsideDraft04: true));
    private static readonly Lazy<JsonSchema> SlackManifestSchema = new(() => Load("slack-app-manifest.schema.json"));
    private static readonly Lazy<JsonSchema> AdaptiveCardSchema = new(() => Load("adaptive-card.schema.json"));

    /// <summary>Microsoft Teams app manifest, manifestVersion 1.29.</summary>
    public static IReadOnlyList<string> TeamsManifestProblems(JsonNode manifest) => Problems(TeamsManifestSchema.Value, manifest);

    /// <summary>Slack app manifest, format version 1.</summary>
    public static IReadOnlyList<string> SlackManifestProblems(JsonNode manifest) => Problems(SlackManifestSchema.Value, manifest);

    /// <summary>Adaptive Card, schema 1.5 (the newest Teams renders).</summary>
    public static IReadOnlyList<string> AdaptiveCardProblems(JsonNode card) => Problems(AdaptiveCardSchema.Value, card);

    private static JsonSchema Load(string fileName, bool setAsideDraft04 = false)
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "AdvisorBot.Tests", "Schemas", fileName);
        var document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        // JsonSchema.Net has no draft-04 dialect; the Teams schema uses none of draft-04's
        // differences and already needs draft-06's const, so it is read as draft 7 (see PROVENANCE.md).
        if (setAsideDraft04)
            document.Remove("$schema");
        return JsonSchema.FromText(document.ToJsonString());
    }

    /// <summary>Every failed keyword, as "instance location: message"; empty when the document is valid.
    /// Where the schema offers alternatives (anyOf, as Adaptive Cards do for each element), the
    /// failures of every alternative are listed, so a problem is named even if it is verbose.</summary>
    private static List<string> Problems(JsonSchema schema, JsonNode document)
    {
        var result = schema.Evaluate(document, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            EvaluateAs = SpecVersion.Draft7,
            RequireFormatValidation = true,
        });
        if (result.IsValid)
            return [];
        return result.Details
            .Where(detail => detail.HasErrors)
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}"))
            .Distinct()
            .ToList();
    }
}
