using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Finds the passages that answer a question and judges whether they do.
///
/// Lucene's BM25 gathers candidates; they are then re-ranked by how much of the question each one
/// covers (each concept weighted by how rare it is, so "ORM" counts for more than "framework") and
/// by whether it is about the subject the question names: asked about Flask, a passage under a
/// "Flask" heading beats one under "Django". A question is answered only when most of what it
/// asks about is in the knowledge base and the best passage covers it; otherwise the bot declines
/// rather than quote a poor match.
/// </summary>
public sealed class PassageSearcher
{
    private const int CandidateCount = 100;

    // How many of the best passages confidence looks at: those a user sees by default.
    private const int ConfidenceDepth = 3;

    // How the final score mixes BM25 (normalised to the best candidate) with IDF-weighted coverage.
    private const double Bm25Share = 0.5;

    // How much a concept found only in a passage's text counts, against one in its headings.
    private const double TextOnlyMatch = 0.75;

    // How much a word matched fuzzily counts towards the question being known.
    private const double FuzzyMatchCredit = 0.5;

    // Subject fit: a passage whose headings name the asked-about subject is lifted; one whose
    // headings name only another subject is pushed down, and less so when only its text does.
    private const double HeadingNamesAskedSubject = 1.35;
    private const double HeadingNamesOtherSubjectOnly = 0.45;
    private const double TextNamesAskedSubject = 1.1;
    private const double TextNamesOtherSubjectOnly = 0.8;
    private const double NamesEveryAskedSubject = 1.15;

    private readonly PassageIndex _index;
    private readonly QueryParser _parser;
    private readonly PassageSubjects[] _passageSubjects;

    public PassageSearcher(PassageIndex index, SearchOptions? options = null)
    {
        _index = index;
        Options = options ?? new SearchOptions();
        _parser = new QueryParser(index.Analyzer, index.Knowledge.Vocabulary);
        _passageSubjects = index.Knowledge.Passages
            .Select((passage, i) => new PassageSubjects(HeadingSubjects(passage), _parser.SubjectsIn(index.TermsOf(i).Body)))
            .ToArray();
    }

    /// <summary>The subjects a passage's headings say it is about: those named by the deepest
    /// heading that names any ("Flask > Cons" is about Flask even under "Flask vs Django").</summary>
    private HashSet<string> HeadingSubjects(Passage passage)
    {
        foreach (var heading in passage.SectionHeadings.Reverse())
        {
            var named = _parser.SubjectsIn(_parser.Parse(heading).Terms);
            if (named.Count > 0)
                return named;
        }
        return [];
    }

    private sealed record PassageSubjects(HashSet<string> Heading, HashSet<string> Text);

    public SearchOptions Options { get; }

    public KnowledgeBase Knowledge => _index.Knowledge;

    public SearchResult Search(string question, int? top = null)
    {
        var limit = Math.Clamp(top ?? Options.DefaultTop, 1, CandidateCount);
        var query = Read(question);
        if (query.IsEmpty)
            return new SearchResult(question, false, 0, []);

        var candidates = _index.Match(query.Terms, CandidateCount);
        if (candidates.Count == 0)
            return new SearchResult(question, false, 0, []);

        var weights = query.Concepts.Select(Weight).ToList();
        var known = query.Concepts.Select(IsKnown).ToList();
        var totalWeight = weights.Sum();
        var knownWeight = weights.Where((_, i) => known[i]).Sum();
        var askedSubjects = query.Subjects.Distinct().ToList();
        var bestBm25 = candidates.Max(candidate => candidate.Score);

        var ranked = candidates
            .Select(candidate =>
            {
                var terms = _index.TermsOf(candidate.PassageIndex);
                var bm25 = bestBm25 > 0 ? candidate.Score / bestBm25 : 0;
                var coverage = CoveredWeight(query, weights, terms, TextOnlyMatch) / totalWeight;
                var score = (Bm25Share * bm25 + (1 - Bm25Share) * coverage) * SubjectFit(askedSubjects, _passageSubjects[candidate.PassageIndex]);
                // For confidence, a concept counts wherever in the passage it is.
                var knownCoverage = knownWeight > 0 ? CoveredWeight(query, weights, terms, textOnlyMatch: 1) / knownWeight : 0;
                return (candidate.PassageIndex, Score: score, KnownCoverage: knownCoverage);
            })
            .OrderByDescending(candidate => candidate.Score)
            .ThenBy(candidate => candidate.PassageIndex)
            .ToList();

        // Confidence rests on the best-covering of the passages shown, not only the first: a
        // question is answered when what it asks is in front of the user.
        // A word matched fuzzily is only half known: "spring" may be a typo of "string", or not.
        var knownShare = query.Concepts.Sum(concept => !IsKnown(concept) ? 0 : concept.Typed is null ? 1 : FuzzyMatchCredit) / query.Concepts.Count;
        var bestCoverage = ranked.Take(ConfidenceDepth).Max(candidate => candidate.KnownCoverage);
        var confidence = Math.Round(knownShare * Math.Min(1, bestCoverage / Options.FullCoverage), 4);
        if (confidence < Options.MinConfidence)
            return new SearchResult(question, false, confidence, []);

        var hits = ranked.Take(limit)
            .Select(candidate => new SearchHit(_index.Knowledge.Passages[candidate.PassageIndex], Math.Round(candidate.Score, 4)))
            .ToList();
        return new SearchResult(question, true, confidence, hits);
    }

    /// <summary>How a question was read and scored, for whoever tunes the knowledge: each concept
    /// with its weight and whether the knowledge base knows it, then the top candidates' scores.</summary>
    public string Explain(string question)
    {
        var query = Read(question);
        var lines = new List<string>();
        foreach (var concept in query.Concepts)
        {
            var typo = concept.Typed is null ? "" : $" (typed {concept.Typed}, matched fuzzily)";
            lines.Add($"concept {concept.Term}{(concept.Subject is null ? "" : $" (subject {concept.Subject})")}{typo}: df={_index.DocumentFrequency(concept.Term)} weight={Weight(concept):0.00}");
        }
        var result = Search(question, top: 5);
        lines.Add($"answered={result.Answered} confidence={result.Confidence:0.000}");
        lines.AddRange(result.Hits.Select(hit => $"  {hit.Score:0.000} {hit.Passage.Id}"));
        return string.Join('\n', lines);
    }

    // How sure we are that the best passage answers the question, in [0, 1]: the share of the
    // question's concepts the knowledge base knows at all (a question about Kubernetes ingress
    // controllers is mostly about things no article mentions), times how much of the known part
    // the best passage covers.
    private bool IsKnown(Concept concept) => _index.DocumentFrequency(concept.Term) > 0;

    /// <summary>
    /// The question's concepts, each word the index does not know replaced by the index term
    /// nearest to it, if one is near enough: a typo ("djnago", "werkzueg") finds what it means.
    /// Short words are left alone, since one edit turns them into other real words; the edits
    /// allowed grow with the word's length.
    /// </summary>
    private ParsedQuery Read(string question)
    {
        var query = _parser.Parse(question);
        var concepts = query.Concepts.Select(concept =>
        {
            if (concept.IsSynonymGroup || IsKnown(concept))
                return concept;
            var nearest = _index.NearestTerm(concept.Term, AllowedEdits(concept.TypedLength));
            return nearest is null ? concept : concept with { Term = nearest, Subject = _parser.SubjectOf(nearest), Typed = concept.Term };
        });
        return new ParsedQuery(concepts.DistinctBy(concept => concept.Term).ToList());
    }

    private static int AllowedEdits(int wordLength) => wordLength switch
    {
        < 6 => 0,
        < 10 => 1,
        _ => 2,
    };

    /// <summary>IDF of a concept (BM25's form): rare concepts weigh more.</summary>
    private double Weight(Concept concept)
    {
        var documentFrequency = _index.DocumentFrequency(concept.Term);
        var passages = _index.PassageCount;
        return Math.Log(1 + (passages - documentFrequency + 0.5) / (documentFrequency + 0.5));
    }

    /// <summary>The weight of the question's concepts a passage contains. A topic named in the
    /// passage's headings counts in full; one only in its text counts for less, since a passage
    /// headed "Routing" is about routing while one that mentions routes in passing may not be.
    /// (Subjects are weighed by <see cref="SubjectFit"/> instead.)</summary>
    private static double CoveredWeight(ParsedQuery query, List<double> weights, PassageTerms terms, double textOnlyMatch)
    {
        double covered = 0;
        for (var i = 0; i < query.Concepts.Count; i++)
        {
            var concept = query.Concepts[i];
            if (concept.Subject is null && terms.Labels(concept.Term))
                covered += weights[i];
            else if (terms.Contains(concept.Term))
                covered += weights[i] * textOnlyMatch;
        }
        return covered;
    }

    private static double SubjectFit(List<string> askedSubjects, PassageSubjects subjects)
    {
        if (askedSubjects.Count == 0)
            return 1;
        if (askedSubjects.Count > 1)
        {
            // A comparison: passages that speak of every subject asked about answer it best.
            return askedSubjects.All(subject => subjects.Heading.Contains(subject) || subjects.Text.Contains(subject)) ? NamesEveryAskedSubject : 1;
        }
        var asked = askedSubjects[0];
        if (subjects.Heading.Count > 0)
            return subjects.Heading.Contains(asked) ? HeadingNamesAskedSubject : HeadingNamesOtherSubjectOnly;
        if (subjects.Text.Contains(asked))
            return TextNamesAskedSubject;
        return subjects.Text.Count > 0 ? TextNamesOtherSubjectOnly : 1;
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
