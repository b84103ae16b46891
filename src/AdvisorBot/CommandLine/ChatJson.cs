using System.Text.Json;
using AdvisorBot.Contracts;
using AdvisorBot.Core.Conversation;

namespace AdvisorBot.CommandLine;

/// <summary>The JSON line `chat --json` prints for each reply (design.md: a finished flow's last
/// reply carries <c>recommendation</c>).</summary>
public static class ChatJson
{
    public static ReplyLine ToJson(Reply reply) => new(
        JsonNamingPolicy.CamelCase.ConvertName(reply.Kind.ToString()),
        reply.Text,
        reply.Title,
        reply.Choices.Select(choice => new ChoiceJson(choice.Label, choice.Value)).ToList(),
        reply.Passages.Select(quoted => JsonOutput.ToJson(quoted.Passage, quoted.Score)).ToList(),
        reply.AnswerId,
        reply.Recommendation is { } recommendation
            ? new RecommendationJson(
                recommendation.Framework,
                recommendation.Strength.Name(),
                recommendation.Reasons.Select(reason => new ReasonJson(reason.Text, reason.Passage.Id)).ToList(),
                recommendation.WhatWouldChange)
            : null);
}

public sealed record ReplyLine(
    string Kind,
    string Text,
    string? Title,
    IReadOnlyList<ChoiceJson> Choices,
    IReadOnlyList<PassageJson> Passages,
    string? AnswerId,
    RecommendationJson? Recommendation);

public sealed record ChoiceJson(string Label, string Value);

public sealed record RecommendationJson(string Framework, string Strength, IReadOnlyList<ReasonJson> Reasons, IReadOnlyList<string> WhatWouldChange);

public sealed record ReasonJson(string Text, string PassageId);
