using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Finds the passages that answer a question and judges whether they do.
///
/// FTS5's BM25 gathers candidates; they are then re-ranked by how much of the question each one
/// covers (each concept weighted by how rare it is, so "ORM" counts for more than "framework") and
/// by whether it is about the subject the question names: asked about Flask, a passage under a
/// "Flask" heading beats one under "Django". A question is answered only when most of what it
/// asks about is in the knowledge base and the best passage covers it; otherwise the bot declines
/// rather than quote a poor match.
/// </summary>
public sealed class PassageSearcher
{
    private const int CandidateCount = 100;

    // How the final score mixes BM25 (normalised to the best candidate) with IDF-weighted coverage.
    private const double Bm25Share = 0.5;

    // Subject fit: a passage whose headings name the asked-about subject is lifted; one whose
    // headings name only another subject is pushed down, and less so when only its text does.
    private const double HeadingNamesAskedSubject = 1.35;
    private const double HeadingNamesOtherSubjectOnly = 0.55;
    private const double TextNamesAskedSubject = 1.1;
    private const double TextNamesOtherSubjectOnly = 0.8;
    private const double NamesEveryAskedSubject = 1.15;

    private readonly PassageIndex _index;
    private readonly QueryParser _parser;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _subjectStems;

    public PassageSearcher(PassageIndex index, Stemmer stemmer, SearchOptions? options = null)
    {
        _index = index;
        Options = options ?? new SearchOptions();
        _parser = new QueryParser(index.Knowledge.Vocabulary, stemmer);
        _subjectStems = index.Knowledge.Vocabulary.Subjects.ToDictionary(
            subject => subject.Name,
            subject => (IReadOnlyList<string>)subject.Names.SelectMany(name => stemmer.Stem(Tokenizer.Words(name))).Distinct().ToList());
    }

    public SearchOptions Options { get; }

    public KnowledgeBase Knowledge => _index.Knowledge;

    public SearchResult Search(string question, int? top = null)
    {
        var limit = Math.Clamp(top ?? Options.DefaultTop, 1, CandidateCount);
        var query = _parser.Parse(question);
        if (query.IsEmpty)
            return new SearchResult(question, false, 0, []);

        var candidates = _index.Match(query.ToFtsQuery(), CandidateCount);
        if (candidates.Count == 0)
            return new SearchResult(question, false, 0, []);

        var weights = query.Concepts.Select(Weight).ToList();
        var totalWeight = weights.Sum();
        var askedSubjects = query.Subjects.Distinct().ToList();
        var bestBm25 = candidates.Max(candidate => candidate.Score);

        var ranked = candidates
            .Select(candidate =>
            {
                var terms = _index.TermsOf(candidate.PassageIndex);
                var coverage = Coverage(query, weights, terms) / totalWeight;
                var bm25 = bestBm25 > 0 ? candidate.Score / bestBm25 : 0;
                var score = (Bm25Share * bm25 + (1 - Bm25Share) * coverage) * SubjectFit(askedSubjects, terms);
                return (candidate.PassageIndex, Score: score, Coverage: coverage);
            })
            .OrderByDescending(candidate => candidate.Score)
            .ThenBy(candidate => candidate.PassageIndex)
            .ToList();

        var confidence = Confidence(query, ranked[0].Coverage);
        if (confidence < Options.MinConfidence)
            return new SearchResult(question, false, confidence, []);

        var hits = ranked.Take(limit)
            .Select(candidate => new SearchHit(_index.Knowledge.Passages[candidate.PassageIndex], Math.Round(candidate.Score, 4)))
            .ToList();
        return new SearchResult(question, true, confidence, hits);
    }

    /// <summary>
    /// How sure we are that the best passage answers the question, in [0, 1]: the share of the
    /// question's concepts the knowledge base knows at all (a question about Kubernetes ingress
    /// controllers is mostly about things no article mentions) times how much of what it asks the
    /// best passage covers.
    /// </summary>
    private double Confidence(ParsedQuery query, double bestCoverage)
    {
        var known = query.Concepts.Count(concept => concept.Alternatives.Any(alternative => alternative.Stems.All(stem => _index.DocumentFrequency(stem) > 0)));
        var knownShare = (double)known / query.Concepts.Count;
        return Math.Round(Math.Min(1, knownShare * Math.Min(1, bestCoverage / Options.FullCoverage)), 4);
    }

    /// <summary>IDF of a concept (BM25's form): rare concepts weigh more. For a synonym group, the
    /// commonest alternative decides; a phrase is as rare as its rarest word.</summary>
    private double Weight(Concept concept)
    {
        var documentFrequency = concept.Alternatives.Max(alternative => alternative.Stems.Min(_index.DocumentFrequency));
        var passages = _index.PassageCount;
        return Math.Log(1 + (passages - documentFrequency + 0.5) / (documentFrequency + 0.5));
    }

    private static double Coverage(ParsedQuery query, List<double> weights, PassageTerms terms)
    {
        double covered = 0;
        for (var i = 0; i < query.Concepts.Count; i++)
        {
            if (query.Concepts[i].Alternatives.Any(alternative => alternative.Stems.All(terms.Contains)))
                covered += weights[i];
        }
        return covered;
    }

    private double SubjectFit(List<string> askedSubjects, PassageTerms terms)
    {
        if (askedSubjects.Count == 0)
            return 1;
        bool Names(IReadOnlySet<string> field, string subject) => _subjectStems[subject].Any(field.Contains);
        var others = _subjectStems.Keys.Except(askedSubjects).ToList();

        var headingAsked = askedSubjects.Any(subject => Names(terms.Heading, subject));
        var headingOther = others.Any(subject => Names(terms.Heading, subject));
        var textAsked = askedSubjects.Any(subject => Names(terms.Body, subject));
        var textOther = others.Any(subject => Names(terms.Body, subject));

        var fit = 1.0;
        if (askedSubjects.Count > 1)
        {
            // A comparison: passages that speak of every subject asked about answer it best.
            if (askedSubjects.All(subject => Names(terms.Heading, subject) || Names(terms.Body, subject)))
                fit *= NamesEveryAskedSubject;
            return fit;
        }
        if (headingAsked)
            fit *= HeadingNamesAskedSubject;
        else if (headingOther)
            fit *= HeadingNamesOtherSubjectOnly;
        else if (textAsked)
            fit *= TextNamesAskedSubject;
        else if (textOther)
            fit *= TextNamesOtherSubjectOnly;
        return fit;
    }
}

/// <summary>Search settings, bound from the "Search" configuration section.</summary>
public sealed class SearchOptions
{
    /// <summary>Passages returned for a question unless the caller asks for another number.</summary>
    public int DefaultTop { get; set; } = 3;

    /// <summary>Below this confidence the bot declines instead of answering.</summary>
    public double MinConfidence { get; set; } = 0.5;

    /// <summary>Coverage of the question's weight at which the best passage counts as covering it fully.</summary>
    public double FullCoverage { get; set; } = 0.6;
}
