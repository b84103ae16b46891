using System.Globalization;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Finds the passages that answer a question and judges whether they do.
///
/// Lucene's BM25 gathers candidates, and with semantics so does the meaning of the question: the
/// passages whose sentence vectors are nearest to it join them. Every candidate is then scored on
/// BM25, on how much of the question it covers (each concept weighted by how rare it is, so "ORM"
/// counts for more than "Python"), on its cosine with the question, and on whether it is about
/// the subject the question names: asked about Flask, a passage under a "Flask" heading beats one
/// under "Django". A calibrated confidence decides whether the bot answers or declines rather
/// than quote a poor match.
/// </summary>
public sealed class PassageSearcher
{
    private const int CandidateCount = 100;

    // How many of the best passages confidence looks at: those a user sees by default.
    private const int ConfidenceDepth = 3;

    // Without semantics: how the final score mixes BM25 (normalised to the best candidate) with
    // IDF-weighted coverage.
    private const double Bm25Share = 0.5;

    // With semantics: BM25 and cosine each normalised to the best candidate, and coverage.
    private const double Bm25Weight = 0.3;
    private const double CoverageWeight = 0.3;
    private const double SemanticWeight = 0.4;

    // Passages nearest in meaning that join the lexical candidates.
    private const int SemanticCandidateCount = 20;

    // The confidence model's weights (logistic regression, see Confidence): fitted on the two
    // development question sets, balanced between answerable and off-topic questions.
    private const double ConfidenceBias = -3.26;
    private const double CosineWeight = 3.83;
    private const double KnownShareWeight = 5.19;
    private const double OnlySubjectsKnownWeight = -1.99;
    private const double UnknownNameWeight = -5.08;

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
    private readonly Semantics? _semantics;

    /// <summary>A searcher over <paramref name="index"/>; with <paramref name="vectors"/> and
    /// <paramref name="embedder"/> it also ranks by meaning, without them by words alone.</summary>
    public PassageSearcher(PassageIndex index, SearchOptions? options = null, PassageVectors? vectors = null, SentenceEmbedder? embedder = null)
    {
        _index = index;
        _semantics = vectors is not null && embedder is not null ? new Semantics(vectors, embedder) : null;
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

    private sealed record Semantics(PassageVectors Vectors, SentenceEmbedder Embedder)
    {
        public float[] Similarities(string question) => Vectors.Similarities(Embedder.EmbedQuestion(Truncate(question)));

        public async Task<float[]> SimilaritiesAsync(string question, CancellationToken cancellationToken) =>
            Vectors.Similarities(await Embedder.EmbedQuestionAsync(Truncate(question), cancellationToken));

        // The model reads a few hundred word pieces at most; a question is never longer in earnest.
        private static string Truncate(string question) => question.Length <= MaxQuestionCharacters ? question : question[..MaxQuestionCharacters];

        private const int MaxQuestionCharacters = 1_000;
    }

    public SearchOptions Options { get; }

    public KnowledgeBase Knowledge => _index.Knowledge;

    public SearchResult Search(string question, int? top = null)
    {
        var query = Read(question);
        return Result(question, top, Rank(query, query.IsEmpty ? null : _semantics?.Similarities(question)));
    }

    /// <summary>As <see cref="Search"/>, but the question waits for the embedding model without
    /// holding a thread, and runs through it together with the questions asked at the same time.</summary>
    public async Task<SearchResult> SearchAsync(string question, int? top = null, CancellationToken cancellationToken = default)
    {
        var query = Read(question);
        var cosines = query.IsEmpty || _semantics is null ? null : await _semantics.SimilaritiesAsync(question, cancellationToken);
        return Result(question, top, Rank(query, cosines));
    }

    private SearchResult Result(string question, int? top, Ranking ranking)
    {
        var limit = Math.Clamp(top ?? Options.DefaultTop, 1, CandidateCount);
        if (!ranking.Answered)
            return new SearchResult(question, false, ranking.Confidence, []);
        var hits = ranking.Candidates.Take(limit)
            .Select(candidate => new SearchHit(_index.Knowledge.Passages[candidate.PassageIndex], Math.Round(candidate.Score, 4)))
            .ToList();
        return new SearchResult(question, true, ranking.Confidence, hits);
    }

    /// <summary>How a question was read and scored, for whoever tunes the knowledge: each concept
    /// with its weight, what confidence rests on, and the best candidates with each signal, whether
    /// or not the question is answered.</summary>
    public SearchExplanation Explain(string question, int top = 5)
    {
        var query = Read(question);
        var ranking = Rank(query, query.IsEmpty ? null : _semantics?.Similarities(question));
        var concepts = ranking.Query.Concepts
            .Select(concept => new ExplainedConcept(concept, _index.DocumentFrequency(concept.Term), Weight(concept)))
            .ToList();
        var passages = ranking.Candidates.Take(Math.Clamp(top, 1, CandidateCount))
            .Select(candidate => new RankedPassage(_index.Knowledge.Passages[candidate.PassageIndex], candidate.Score, candidate.Bm25, candidate.Coverage, candidate.Cosine, candidate.SubjectFit))
            .ToList();
        return new SearchExplanation(question, concepts, ranking.Confidence, ranking.Answered, ranking.Features?.ToString() ?? "nothing to search for", passages);
    }

    /// <summary>Every signal for every candidate, fused into one ranking, and the confidence;
    /// <paramref name="cosines"/> are the question's with every passage, null by words alone.</summary>
    private Ranking Rank(ParsedQuery query, float[]? cosines)
    {
        if (query.IsEmpty)
            return Ranking.Empty(query);

        var lexical = _index.Match(query.Terms, CandidateCount);
        var candidateIndexes = lexical.Select(candidate => candidate.PassageIndex).ToList();
        if (cosines is not null)
        {
            // The passages nearest in meaning join the candidates even when they share no word.
            candidateIndexes.AddRange(Enumerable.Range(0, cosines.Length).OrderByDescending(i => cosines[i]).Take(SemanticCandidateCount));
        }
        if (candidateIndexes.Count == 0)
            return Ranking.Empty(query);

        var weights = query.Concepts.Select(Weight).ToList();
        var totalWeight = weights.Sum();
        var knownWeight = query.Concepts.Select((concept, i) => IsKnown(concept) ? weights[i] : 0).Sum();
        var askedSubjects = query.Subjects.Distinct().ToList();
        var bm25ByPassage = lexical.ToDictionary(candidate => candidate.PassageIndex, candidate => candidate.Score);
        var bestBm25 = lexical.Count > 0 ? lexical.Max(candidate => candidate.Score) : 0;
        var bestCosine = cosines is null ? 0 : candidateIndexes.Max(i => cosines[i]);

        var candidates = candidateIndexes.Distinct()
            .Select(passage =>
            {
                var terms = _index.TermsOf(passage);
                var bm25 = bestBm25 > 0 ? bm25ByPassage.GetValueOrDefault(passage) / bestBm25 : 0;
                var coverage = totalWeight > 0 ? CoveredWeight(query, weights, terms, TextOnlyMatch) / totalWeight : 0;
                var cosine = cosines is null ? 0 : cosines[passage];
                var semantic = bestCosine > 0 ? Math.Max(0, cosine) / bestCosine : 0;
                var subjectFit = SubjectFit(askedSubjects, _passageSubjects[passage]);
                var fused = cosines is null
                    ? Bm25Share * bm25 + (1 - Bm25Share) * coverage
                    : Bm25Weight * bm25 + CoverageWeight * coverage + SemanticWeight * semantic;
                // For confidence, a concept counts wherever in the passage it is.
                var knownCoverage = knownWeight > 0 ? CoveredWeight(query, weights, terms, textOnlyMatch: 1) / knownWeight : 0;
                return new Candidate(passage, fused * subjectFit, bm25, coverage, cosine, subjectFit, knownCoverage);
            })
            .OrderByDescending(candidate => candidate.Score)
            .ThenBy(candidate => candidate.PassageIndex)
            .ToList();
        return Calibrate(query, candidates);
    }

    /// <summary>
    /// How sure we are that the knowledge base answers the question, in [0, 1]. With semantics,
    /// a logistic model over four signals: how close in meaning the nearest passage shown is (the
    /// model's cosine, an absolute scale), the share of the question's concepts the articles use
    /// at all, whether the only ones they use are subject names ("Who directed Django Unchained?"),
    /// and whether the question names something the articles never mention ("MongoDB"). Its
    /// weights were fitted on the development question sets and checked on held-out questions;
    /// the known share counts, but a close passage in meaning outweighs a few words the articles
    /// never use. Without semantics: the known share times how much of the known part the
    /// best-covering passage shown covers.
    /// </summary>
    private Ranking Calibrate(ParsedQuery query, List<Candidate> candidates)
    {
        var shown = candidates.Take(ConfidenceDepth).ToList();
        // A word matched fuzzily is only half known: "spring" may be a typo of "string", or not.
        var knownShare = query.Concepts.Sum(concept => !IsKnown(concept) ? 0 : concept.Typed is null ? 1 : FuzzyMatchCredit) / query.Concepts.Count;
        var onlySubjectsKnown = !query.Concepts.Any(concept => concept.Subject is null && IsKnown(concept));
        var unknownName = query.Concepts.Any(concept => concept.IsName && !IsKnown(concept));
        var bestCoverage = shown.Max(candidate => candidate.KnownCoverage);
        var bestCosine = shown.Max(candidate => candidate.Cosine);
        var features = new ConfidenceFeatures(knownShare, bestCoverage, onlySubjectsKnown, unknownName, bestCosine);
        var confidence = Math.Round(Confidence(features), 4);
        return new Ranking(query, candidates, confidence, confidence >= Options.MinConfidence, features);
    }

    private double Confidence(ConfidenceFeatures features)
    {
        if (_semantics is null)
            return features.KnownShare * Math.Min(1, features.BestCoverage / Options.FullCoverage);
        var logit = ConfidenceBias
            + CosineWeight * features.BestCosine
            + KnownShareWeight * features.KnownShare
            + (features.OnlySubjectsKnown ? OnlySubjectsKnownWeight : 0)
            + (features.UnknownName ? UnknownNameWeight : 0);
        return 1 / (1 + Math.Exp(-logit));
    }

    /// <summary>What confidence rests on: the share of the question's concepts the knowledge base
    /// knows, how much of the known part the best-covering passage shown covers, whether only
    /// subject names are known, whether the question names
    /// something the articles never mention, and the best cosine of a passage shown.</summary>
    private sealed record ConfidenceFeatures(double KnownShare, double BestCoverage, bool OnlySubjectsKnown, bool UnknownName, double BestCosine)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"known share={KnownShare:0.00} coverage={BestCoverage:0.00} only subjects known={OnlySubjectsKnown} unknown name={UnknownName} best cosine={BestCosine:0.000}");
    }

    private sealed record Candidate(int PassageIndex, double Score, double Bm25, double Coverage, double Cosine, double SubjectFit, double KnownCoverage);

    private sealed record Ranking(ParsedQuery Query, IReadOnlyList<Candidate> Candidates, double Confidence, bool Answered, ConfidenceFeatures? Features)
    {
        public static Ranking Empty(ParsedQuery query) => new(query, [], 0, false, null);
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

    /// <summary>Rank by meaning too, with the local sentence-embedding model; off, by words alone.</summary>
    public bool Semantic { get; set; } = true;

    /// <summary>The file passage vectors are cached in, so a restart embeds only new passages;
    /// relative to the working directory, like the SQLite file, and empty for no cache. Unset,
    /// the host keeps it beside the SQLite file (<c>data/vectors.bin</c>).</summary>
    public string? VectorCache { get; set; }

    /// <summary>The cache file's name beside the SQLite file.</summary>
    public const string VectorCacheFileName = "vectors.bin";

    /// <summary>Most questions in one run of the embedding model (see <see cref="EmbeddingBatcher"/>).</summary>
    public int QuestionBatchSize { get; set; } = DefaultQuestionBatchSize;

    /// <summary>Longest a question waits for others to share its run of the model.</summary>
    public TimeSpan QuestionBatchWait { get; set; } = DefaultQuestionBatchWait;

    /// <summary>Distinct questions whose vectors are remembered (0: none).</summary>
    public int QuestionCacheSize { get; set; } = DefaultQuestionCacheSize;

    // Measured on two cores, 32 questions at a time (README "Measuring"): processor time per
    // question 10.5 ms alone, 5.7 in runs of at most 4, 5.2 in runs of 16 and of 32, so 16; a
    // wait of 0, 1 or 2 ms made no difference TurnBench could see on the shared machine, and 1 ms
    // lets companions arriving just after join without delaying a lone question noticeably.
    public const int DefaultQuestionBatchSize = 16;
    public static readonly TimeSpan DefaultQuestionBatchWait = TimeSpan.FromMilliseconds(1);

    // 4,096 vectors of 384 floats: about 6 MB.
    public const int DefaultQuestionCacheSize = 4_096;

    /// <summary>Where passage vectors come from under these options: null when semantics are off.</summary>
    public EmbeddingSource? Embeddings() => Semantic
        ? new EmbeddingSource(SentenceEmbedder.For(new QuestionEmbedding(QuestionBatchSize, QuestionBatchWait, QuestionCacheSize)),
            string.IsNullOrWhiteSpace(VectorCache) ? null : new VectorCache(VectorCache))
        : null;
}
