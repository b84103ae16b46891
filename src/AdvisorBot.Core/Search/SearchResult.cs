using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>A passage found for a question, with its ranking score (higher is better).</summary>
public sealed record SearchHit(Passage Passage, double Score);

/// <summary>
/// What a question found. <see cref="Answered"/> is false when the knowledge base has no good
/// answer: then <see cref="Hits"/> is empty and the bot says so instead of quoting a poor match.
/// <see cref="Confidence"/> is in [0, 1].
/// </summary>
public sealed record SearchResult(string Question, bool Answered, double Confidence, IReadOnlyList<SearchHit> Hits)
{
    public SearchHit? Best => Hits.Count > 0 ? Hits[0] : null;
}
