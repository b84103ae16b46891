using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>A passage found for a question, with its ranking score (higher is better).</summary>
public sealed record SearchHit(Passage Passage, double Score);

/// <summary>A name as the question wrote it, and the one passage that mentions it in passing.</summary>
public sealed record PassingMention(string Name, Passage Passage);

/// <summary>
/// What a question found. <see cref="Answered"/> is false when the knowledge base has no good
/// answer: then <see cref="Hits"/> is empty and the bot says so instead of quoting a poor match.
/// <see cref="Confidence"/> is in [0, 1].
/// </summary>
public sealed record SearchResult(string Question, bool Answered, double Confidence, IReadOnlyList<SearchHit> Hits)
{
    /// <summary>Answered, but without full confidence: the passages only touch on the question,
    /// and the answer should say so.</summary>
    public bool Hedged { get; init; }

    /// <summary>The subjects (Django, Flask) the question names, so a decline can say what the
    /// articles do cover about them.</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <summary>What a declined question asked about that the articles mention only in passing,
    /// and where, so the decline can point to it ("FastAPI" in "Python Web Framework Landscape").</summary>
    public IReadOnlyList<PassingMention> MentionedInPassing { get; init; } = [];

    /// <summary>Declined because the question reports a fault and asks to fix it ("my flask app
    /// crashes on startup, any idea why"), which articles that compare frameworks do not do.</summary>
    public bool AsksToTroubleshoot { get; init; }

    public SearchHit? Best => Hits.Count > 0 ? Hits[0] : null;
}
