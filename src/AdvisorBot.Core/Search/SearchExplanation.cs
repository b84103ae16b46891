using System.Globalization;
using System.Text;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>How <see cref="PassageSearcher"/> read and scored a question (<c>ask --explain</c>):
/// its concepts, the confidence and what it rests on, and the best passages with every signal.</summary>
public sealed record SearchExplanation(
    string Question,
    IReadOnlyList<ExplainedConcept> Concepts,
    double Confidence,
    bool Answered,
    string ConfidenceBasis,
    IReadOnlyList<RankedPassage> Passages)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (concept, documentFrequency, weight) in Concepts)
        {
            var subject = concept.Subject is null ? "" : $" (subject {concept.Subject})";
            var typo = concept.Typed is null ? "" : $" (typed {concept.Typed}, matched fuzzily)";
            text.AppendLine(CultureInfo.InvariantCulture, $"concept {concept.Term}{subject}{typo}: df={documentFrequency} weight={weight:0.00}");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"confidence={Confidence:0.000} answered={Answered}: {ConfidenceBasis}");
        foreach (var passage in Passages)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {passage.Score:0.000} {passage.Passage.Id}: bm25={passage.Bm25:0.00} coverage={passage.Coverage:0.00} cosine={passage.Cosine:0.000} subject fit={passage.SubjectFit:0.00}");
        }
        return text.ToString().TrimEnd('\n');
    }
}

/// <summary>A concept of the question, with its document frequency and IDF weight.</summary>
public sealed record ExplainedConcept(Concept Concept, int DocumentFrequency, double Weight);

/// <summary>A candidate passage with its fused score and each signal: BM25 (relative to the best
/// candidate), IDF-weighted coverage of the question, cosine with the question, subject fit.</summary>
public sealed record RankedPassage(Passage Passage, double Score, double Bm25, double Coverage, double Cosine, double SubjectFit);
