namespace AdvisorBot.Core.Knowledge;

/// <summary>One article of the knowledge base, already cut into passages.</summary>
public sealed record Article(string Id, Source Source, string File, IReadOnlyList<Passage> Passages);
