using System.Globalization;
using System.Text.RegularExpressions;
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
public sealed partial class PassageSearcher
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

    // How much a concept found only in a passage's text counts, against one in its headings.
    private const double TextOnlyMatch = 0.75;

    // How much a word matched fuzzily counts towards the question being known: a short one may be
    // another word ("spring" is one edit from "string"); one of SureTypoLength letters or more is
    // seldom within the edits allowed of another word than the one meant ("documantation").
    // A shorter word is as sure when it is a slip of the word as written, a letter left out, added
    // or swapped with its neighbour ("securty", "pyhton"), rather than one letter for another.
    private const double FuzzyMatchCredit = 0.5;
    private const int SureTypoLength = 8;
    private const int SureSlipLength = 6;

    private static double Credit(Concept concept) => concept.Typed is null || concept.SureTypo ? 1 : FuzzyMatchCredit;

    // How much a passage counts for a synonym group when it uses another phrase of the group but
    // not the asker's own words: "quick" finds "fast" passages, but "quick" ones first.
    private const float SynonymMatchCredit = 0.7f;

    // Subject fit: a passage whose headings name the asked-about subject is lifted, as far as it
    // also holds the question's topic (asked about async in Flask, a Flask passage that never
    // mentions async is not lifted above one about async); one whose headings name only another
    // subject is pushed down, and less so when only its text does.
    private const double HeadingNamesAskedSubject = 1.35;
    private const double HeadingNamesOtherSubjectOnly = 0.45;
    private const double TextNamesAskedSubject = 1.1;
    private const double TextNamesOtherSubjectOnly = 0.8;
    private const double NamesEveryAskedSubject = 1.15;

    private readonly PassageIndex _index;
    private readonly QueryParser _parser;
    private readonly PassageSubjects[] _passageSubjects;
    private readonly Semantics? _semantics;
    private readonly ConfidenceModel _confidence;
    private readonly Dictionary<string, string> _wordByTerm;
    private readonly ILookup<char, (string Word, string Term)> _articleWords;

    // One for every searcher: it is safe to share between threads, and remembers the words it stemmed.
    private static readonly Stemmer Stems = new();

    // The vocabulary's whole words, which the index keeps unstemmed ("documentation", "production").
    private readonly HashSet<string> _wholeWords;

    /// <summary>The index term of one word as the index has it: a whole word is itself, any other
    /// its stem. (Porter alone would read "documentation" as "document", a term of another word.)</summary>
    private string TermOf(string word) => _wholeWords.Contains(word) ? word : Stems.StemWord(word);
    private readonly List<string> _subjectNames;

    // What the whole knowledge base is about besides its subjects: the terms that the titles of
    // at least half of the articles use ("python", "framework"). Like a subject's name, such a
    // term says a question is in the domain, not what it asks about it.
    private readonly HashSet<string> _domainTerms;

    // Words that weigh or compare ("best for", "better", "new", "difference"): a question is about
    // what they weigh, so on their own they are no topic ("which laptop is best for python").
    private readonly HashSet<string> _judgingTerms;

    // By subject, the words of each of its other senses (see OtherSenseOfSubject), split once here
    // rather than for every question.
    private readonly Dictionary<string, List<(string Sense, List<string> Words)>> _otherSenses;

    // The vocabulary's settings ("in production"), as patterns over what is typed.
    private readonly List<Regex> _settings;

    /// <summary>A searcher over <paramref name="index"/>; with <paramref name="vectors"/> and
    /// <paramref name="embedder"/> it also ranks by meaning, without them by words alone.</summary>
    public PassageSearcher(PassageIndex index, SearchOptions? options = null, PassageVectors? vectors = null, SentenceEmbedder? embedder = null, ConfidenceModel? confidence = null)
    {
        _index = index;
        _semantics = vectors is not null && embedder is not null ? new Semantics(vectors, embedder) : null;
        _confidence = confidence ?? ConfidenceModel.Default;
        Options = options ?? new SearchOptions();
        _wholeWords = index.Knowledge.Vocabulary.WholeWords.ToHashSet(StringComparer.Ordinal);
        var articleWords = index.Knowledge.Passages
            .SelectMany(passage => Tokenizer.Words($"{passage.Heading} {passage.Text}"))
            .Select(word => (Word: word, Term: TermOf(word)))
            .ToList();
        _wordByTerm = WordsByTerm(articleWords);
        _articleWords = ArticleWords(articleWords);
        _subjectNames = index.Knowledge.Vocabulary.Subjects
            .SelectMany(subject => subject.Names)
            .SelectMany(name => index.Analyzer.Analyze(name).Where(token => !token.IsConcept).Select(token => token.Term))
            .Where(term => _index.DocumentFrequency(term) > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        // Headings are left out: they capitalise every word ("Job Market").
        _parser = new QueryParser(index.Analyzer, index.Knowledge.Vocabulary, QueryParser.NamesWrittenIn(index.Analyzer, index.Knowledge.Passages.Select(passage => passage.Text)));
        var titles = index.Knowledge.Articles.Select(article => _parser.Parse(article.Source.Title).Concepts
            .Where(concept => concept.Subject is null).Select(concept => concept.Term).ToHashSet(StringComparer.Ordinal)).ToList();
        _domainTerms = titles.SelectMany(terms => terms).Distinct(StringComparer.Ordinal)
            .Where(term => titles.Count(terms => terms.Contains(term)) * 2 >= Math.Max(2, titles.Count))
            .ToHashSet(StringComparer.Ordinal);
        _otherSenses = index.Knowledge.Vocabulary.OtherSenses.ToDictionary(subject => subject.Key,
            subject => subject.Value.Select(sense => (sense, Tokenizer.Words(sense))).Where(sense => sense.Item2.Count > 0).ToList());
        _settings = index.Knowledge.Vocabulary.Settings.Select(setting => QueryParser.PhrasePattern(setting, wordBetween: false)).ToList();
        _judgingTerms = JudgingWords.SelectMany(words => _parser.Parse(words).Concepts).Select(concept => concept.Term).ToHashSet(StringComparer.Ordinal);
        _passageSubjects = index.Knowledge.Passages
            .Select((passage, i) => new PassageSubjects(HeadingSubjects(passage), _parser.SubjectsIn(index.TermsOf(i).Body)))
            .ToArray();
        _articlesPhrases = ArticlesPhrases(index.Knowledge.Vocabulary);
        _countedTerms = index.Knowledge.Passages
            .SelectMany(passage => CountInText().Matches(passage.Text))
            .SelectMany(count => Tokenizer.Words(count.Groups["counted"].Value).Select(TermOf))
            .ToHashSet(StringComparer.Ordinal);
        // A year the articles give answers how many years ("how many years has django been around").
        if (index.Knowledge.Passages.Any(passage => YearInText().IsMatch(passage.Text)))
            _countedTerms.Add(TermOf("years"));
    }

    // The terms of what the articles count: the words right after a number in a passage ("3
    // databases", "10,000 requests"). A year's or a version's next word comes in too ("in 2003
    // and", "3.0+ and"), which only makes a count asked about it less likely to be declined.
    private readonly HashSet<string> _countedTerms;

    // By synonym group (its concept term), the group's phrases that passages use, with their
    // index terms, the most used first.
    private readonly Dictionary<string, List<ArticlesPhrase>> _articlesPhrases;

    /// <param name="Written">The phrase's words run together, to compare with what was typed.</param>
    private sealed record ArticlesPhrase(string Phrase, IReadOnlyList<string> Terms, string Written);

    /// <summary>How many passages use every one of <paramref name="terms"/>.</summary>
    private int PassagesUsingAll(IReadOnlyCollection<string> terms) =>
        terms.Count == 0 ? 0 : Enumerable.Range(0, _index.PassageCount).Count(i => terms.All(_index.TermsOf(i).Contains));

    private Dictionary<string, List<ArticlesPhrase>> ArticlesPhrases(Vocabulary vocabulary)
    {
        var phrases = new Dictionary<string, List<ArticlesPhrase>>(StringComparer.Ordinal);
        foreach (var group in vocabulary.Synonyms.Where(group => group.Count > 0))
        {
            var used = group.Select(phrase => (Phrase: phrase, Words: Tokenizer.Words(phrase)))
                .Select(phrase => new ArticlesPhrase(phrase.Phrase, phrase.Words.Select(TermOf).ToList(), string.Concat(phrase.Words)))
                .Select(phrase => (Phrase: phrase, Passages: PassagesUsingAll(phrase.Terms)))
                .Where(pair => pair.Passages > 0)
                .OrderByDescending(pair => pair.Passages)
                .Select(pair => pair.Phrase)
                .ToList();
            if (used.Count > 0)
                phrases[KnowledgeAnalyzer.ConceptTerm(group[0])] = used;
        }
        return phrases;
    }

    /// <summary>
    /// The phrase the passages use for a synonym group that the question typed in words no passage
    /// uses ("backoffice": "admin"), for the model to read: it does not know that they are one.
    /// The one that keeps the most of what was typed ("traffic spikes": "high traffic"), else the
    /// same word written as the articles write it ("bugfix": "bug fixes"), else the most used. A
    /// negated phrase ("doesn't ship") has none: the passages' phrase would say the opposite.
    /// </summary>
    private string? ArticlesPhraseFor(Concept concept, string typed)
    {
        if (!concept.IsSynonymGroup || concept.Typed is not null || concept.Subject is not null || concept.Literal.Count == 0
            || PassagesUsingAll(concept.Literal) > 0 || !_articlesPhrases.TryGetValue(concept.Term, out var used) || Negated().IsMatch(typed))
            return null;
        var written = string.Concat(Tokenizer.Words(typed));
        var ending = InflectionOf(written);
        return used.OrderByDescending(phrase => phrase.Terms.Count(concept.Literal.Contains))
            .ThenBy(phrase => TypoDistance(phrase.Written, written) <= 2 ? 0 : 1)
            .ThenBy(phrase => InflectionOf(phrase.Written) == ending ? 0 : 1)
            .First().Phrase;
    }

    /// <summary>How a word ends as a form of another ("shipping", "shipped", "ships"), so the
    /// passages' phrase put in its place reads as the same form: "which is easier to ship" is
    /// "easier to host", not "easier to deployment".</summary>
    private static string InflectionOf(string word) =>
        Inflections.FirstOrDefault(ending => word.Length > ending.Length + 2 && word.EndsWith(ending, StringComparison.Ordinal)) ?? "";

    private static readonly string[] Inflections = ["ing", "ed", "ment", "ion", "s"];

    [GeneratedRegex(@"\b(?:not|no|never|without|(?:do|does|did|is|are|was|were|ca|wo|would|could|should|has|have|had)n['’]?t)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negated();

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

    /// <summary>For each stem, the word the articles most often write it as ("scalabl" is
    /// "scalability"), so a question whose typos were corrected can be read by the model as words.</summary>
    private static Dictionary<string, string> WordsByTerm(List<(string Word, string Term)> articleWords) =>
        articleWords
            .GroupBy(pair => pair.Term, pair => pair.Word, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.GroupBy(word => word, StringComparer.Ordinal).OrderByDescending(words => words.Count()).ThenBy(words => words.Key, StringComparer.Ordinal).First().Key, StringComparer.Ordinal);

    /// <summary>Every word the articles use, with its index term, by first letter: a typo is
    /// nearer the word as written than its stem ("documentaion" is one edit from "documentation"
    /// and four from "document").</summary>
    private ILookup<char, (string Word, string Term)> ArticleWords(List<(string Word, string Term)> articleWords) =>
        articleWords
            .Distinct()
            .Where(pair => pair.Word.Length > 0 && _index.DocumentFrequency(pair.Term) > 0)
            .OrderBy(pair => pair.Word, StringComparer.Ordinal)
            .ToLookup(pair => pair.Word[0]);

    private sealed record Semantics(PassageVectors Vectors, SentenceEmbedder Embedder)
    {
        public QuestionCosines Similarities(string question) => Vectors.Similarities(Embedder.EmbedQuestion(Truncate(question)));

        public async Task<QuestionCosines> SimilaritiesAsync(string question, CancellationToken cancellationToken) =>
            Vectors.Similarities(await Embedder.EmbedQuestionAsync(Truncate(question), cancellationToken));

        // The model reads a few hundred word pieces at most; a question is never longer in earnest.
        private static string Truncate(string question) => question.Length <= MaxQuestionCharacters ? question : question[..MaxQuestionCharacters];

        private const int MaxQuestionCharacters = 1_000;
    }

    public SearchOptions Options { get; }

    /// <summary>The same search with another confidence model (one just fitted, to measure it).</summary>
    public PassageSearcher WithConfidence(ConfidenceModel model) => new(_index, Options, _semantics?.Vectors, _semantics?.Embedder, model);

    public KnowledgeBase Knowledge => _index.Knowledge;

    public SearchResult Search(string question, int? top = null) => Result(question, top, Rank(question));

    /// <summary>As <see cref="Search"/>, but the question waits for the embedding model without
    /// holding a thread, and runs through it together with the questions asked at the same time.</summary>
    public async Task<SearchResult> SearchAsync(string question, int? top = null, CancellationToken cancellationToken = default)
    {
        var query = Read(question);
        if (query.IsEmpty || _semantics is null)
            return Result(question, top, Rank(query, null));
        // Both texts go to the model at once, so they share its run.
        var cosines = _semantics.SimilaritiesAsync(query.Text, cancellationToken);
        var judged = query.JudgedText is null ? null : _semantics.SimilaritiesAsync(query.JudgedText, cancellationToken);
        return Result(question, top, Rank(query, await cosines, judged is null ? null : await judged));
    }

    private SearchResult Result(string question, int? top, Ranking ranking)
    {
        var limit = Math.Clamp(top ?? Options.DefaultTop, 1, CandidateCount);
        if (!ranking.Answered)
        {
            return new SearchResult(question, false, ranking.Confidence, [])
            {
                Subjects = ranking.Query.Subjects.Distinct().ToList(),
                MentionedInPassing = PassingMentions(question, ranking.Query),
                AsksToTroubleshoot = ranking.Query.FaultToTroubleshoot is not null,
            };
        }
        var hits = ranking.Candidates.Take(limit)
            .Select(candidate => new SearchHit(_index.Knowledge.Passages[candidate.PassageIndex], Math.Round(candidate.Score, 4)))
            .ToList();
        return new SearchResult(question, true, ranking.Confidence, hits)
        {
            Hedged = ranking.Confidence < Options.HedgeBelow,
            Subjects = ranking.Query.Subjects.Distinct().ToList(),
        };
    }

    /// <summary>What confidence would rest on for <paramref name="question"/>, whether or not it
    /// would answer: what <c>eval --fit</c> learns from. Null when there is nothing to search for.</summary>
    public ConfidenceFeatures? Judge(string question) => Rank(question).Features;

    /// <summary>How a question was read and scored, for whoever tunes the knowledge: each concept
    /// with its weight, what confidence rests on, and the best candidates with each signal, whether
    /// or not the question is answered.</summary>
    public SearchExplanation Explain(string question, int top = 5)
    {
        var ranking = Rank(question);
        var concepts = ranking.Query.Concepts
            .Select(concept => new ExplainedConcept(concept, _index.DocumentFrequency(concept.Term), Weight(concept)))
            .ToList();
        var passages = ranking.Candidates.Take(Math.Clamp(top, 1, CandidateCount))
            .Select(candidate => new RankedPassage(_index.Knowledge.Passages[candidate.PassageIndex], candidate.Score, candidate.Bm25, candidate.Coverage, candidate.Cosine, candidate.SubjectFit))
            .ToList();
        var basis = ranking.Features is null ? "nothing to search for" : $"{ranking.Features}; read as \"{ranking.Query.Text}\"";
        if (ranking.NamedFeatures is not null)
            basis += $"; judged with the subjects named: {ranking.NamedFeatures}";
        foreach (var reason in ReasonsToDecline(ranking.Query))
            basis += $"; declined: {reason}";
        return new SearchExplanation(question, concepts, ranking.Confidence, ranking.Answered, basis, passages);
    }

    /// <summary>Why a question is declined however sure the ranking is: it asks what comparisons of
    /// frameworks written on a day cannot say. Each reason is worded for <c>ask --explain</c>.</summary>
    private static IEnumerable<string> ReasonsToDecline(ParsedQuery query)
    {
        if (query.UnmentionedThingAskedAbout is { } thing)
            yield return $"asks about \"{thing}\", which the articles never use";
        if (query.FaultToTroubleshoot is { } fault)
            yield return $"asks to troubleshoot \"{fault}\"";
        if (query.CurrentFactAsked is { } current)
            yield return $"asks for \"{current}\", which articles written on a day cannot say";
        if (query.CountAsked is { } count)
            yield return $"asks \"{count}\", a count the articles never give";
        if (query.UnknownNameCompared is { } name)
            yield return $"compares with \"{name}\", which the articles never mention";
        if (query.OtherSenseOfSubject is { } sense)
            yield return $"\"{sense}\" makes it another thing of a subject's name";
    }

    /// <summary>The question read, embedded (as corrected: "djagno" is Django to the model too) and ranked.</summary>
    private Ranking Rank(string question)
    {
        var query = Read(question);
        if (query.IsEmpty || _semantics is null)
            return Rank(query, null);
        return Rank(query, _semantics.Similarities(query.Text), query.JudgedText is null ? null : _semantics.Similarities(query.JudgedText));
    }

    /// <summary>Every signal for every candidate, fused into one ranking, and the confidence;
    /// <paramref name="cosines"/> are the question's with every passage, null by words alone: the
    /// centred ones rank, the plain ones (the scale confidence was fitted on) judge.</summary>
    private Ranking Rank(ParsedQuery query, QuestionCosines? cosines, QuestionCosines? judgedCosines = null)
    {
        if (query.IsEmpty)
            return Ranking.Empty(query);

        // The domain's words ("python", "framework") say that a question is in the domain, not which
        // passage answers it: beside a topic of its own they weigh nothing, or a passage headed
        // "Why Python for Web Development" outranks the one about what was asked ("just learning
        // python and wants to build their first web app, which framework should they start with").
        // Alone they are the topic.
        var hasOwnTopic = query.Concepts.Any(concept => concept.Subject is null && IsKnown(concept) && !_domainTerms.Contains(concept.Term));
        double Emphasis(Concept concept) => hasOwnTopic && _domainTerms.Contains(concept.Term) ? 0 : concept.Emphasis;
        // The asker's own words weigh a little more than the other phrases of their synonym group.
        var lexical = _index.Match(query.Concepts.SelectMany(concept => concept.IsSynonymGroup && concept.Literal.Count == 1
            ? [(concept.Term, (float)Emphasis(concept)), (concept.Literal[0], (float)Emphasis(concept) * (1 - SynonymMatchCredit))]
            : new[] { (concept.Term, (float)Emphasis(concept)) }), CandidateCount);
        var candidateIndexes = lexical.Select(candidate => candidate.PassageIndex).ToList();
        if (cosines is not null)
        {
            // The passages nearest in meaning join the candidates even when they share no word.
            var centred = cosines.Centred;
            candidateIndexes.AddRange(Enumerable.Range(0, centred.Length).OrderByDescending(i => centred[i]).Take(SemanticCandidateCount));
        }
        if (candidateIndexes.Count == 0)
            return Ranking.Empty(query);

        var weights = query.Concepts.Select(concept => Weight(concept) * Emphasis(concept)).ToList();
        var totalWeight = weights.Sum();
        var topicWeight = query.Concepts.Select((concept, i) => concept.Subject is null ? weights[i] : 0).Sum();
        var askedSubjects = query.Subjects.Distinct().ToList();
        var bm25ByPassage = lexical.ToDictionary(candidate => candidate.PassageIndex, candidate => candidate.Score);
        var bestBm25 = lexical.Count > 0 ? lexical.Max(candidate => candidate.Score) : 0;
        var bestCentred = cosines is null ? 0 : candidateIndexes.Max(i => cosines.Centred[i]);

        var candidates = candidateIndexes.Distinct()
            .Select(passage =>
            {
                var terms = _index.TermsOf(passage);
                var bm25 = bestBm25 > 0 ? bm25ByPassage.GetValueOrDefault(passage) / bestBm25 : 0;
                var coverage = totalWeight > 0 ? CoveredWeight(query, weights, terms, TextOnlyMatch, topicOnly: false) / totalWeight : 0;
                var cosine = cosines is null ? 0 : cosines.Plain[passage];
                var judgedCosine = judgedCosines?.Plain[passage] ?? cosine;
                var semantic = bestCentred > 0 ? Math.Max(0, cosines!.Centred[passage]) / bestCentred : 0;
                // How much of the topic the passage holds, wherever in it: what the subject bonus
                // and confidence look at.
                var topicCoverage = topicWeight > 0 ? CoveredWeight(query, weights, terms, textOnlyMatch: 1, topicOnly: true) / topicWeight : 0;
                var subjectFit = SubjectFit(askedSubjects, _passageSubjects[passage], topicWeight > 0 ? topicCoverage : 1);
                var fused = cosines is null
                    ? Bm25Share * bm25 + (1 - Bm25Share) * coverage
                    : Bm25Weight * bm25 + CoverageWeight * coverage + SemanticWeight * semantic;
                return new Candidate(passage, fused * subjectFit, bm25, coverage, cosine, subjectFit, topicCoverage, judgedCosine);
            })
            .OrderByDescending(candidate => candidate.Score)
            .ThenBy(candidate => candidate.PassageIndex)
            .ToList();
        return Calibrate(query, candidates);
    }

    /// <summary>
    /// How sure we are that the passages shown answer the question, in [0, 1]. With semantics, the
    /// fitted <see cref="ConfidenceModel"/> over <see cref="ConfidenceFeatures"/>: of the passage
    /// shown with the most evidence, how close in meaning (plain cosine) and how much of the topic
    /// it holds; how much of the question the articles know, whether only subject names are known,
    /// and how much of it names things the articles never mention. Without semantics: the known
    /// share times the topic coverage of the best-covering passage shown.
    /// </summary>
    private Ranking Calibrate(ParsedQuery query, List<Candidate> candidates)
    {
        var shown = candidates.Take(ConfidenceDepth).ToList();
        // A name the question is about that the articles only mention in passing counts as unknown.
        bool IsKnown(Concept concept) => this.IsKnown(concept) && !query.NamedInPassing.Contains(concept.Term);
        // A number the articles do not use is context ("3 devs", "in 2024"), not a topic. Names the
        // articles never mention, around a question about the subjects, are its context too ("we
        // deploy with Terraform, which of the two is simpler to ship"): judged as if unsaid.
        var counted = query.Concepts
            .Where(concept => IsKnown(concept) || !concept.Term.All(char.IsDigit))
            .Where(concept => !query.NamesAreContext || IsKnown(concept) || !concept.IsName || query.AskedForUnknown.Contains(concept.Term))
            .ToList();
        // A short word matched fuzzily is only half known: "spring" may be a typo of "string", or not.
        // Of the words that could say what the question is about (those the articles use, names
        // and vocabulary topics they never mention), the share they know. An everyday word they
        // never use ("throwaway", "investors") counts for neither: chat is full of them.
        bool IsTopic(Concept concept) => concept.IsName || concept.IsSynonymGroup || query.AskedForUnknown.Contains(concept.Term) || query.NamedInPassing.Contains(concept.Term);
        var knownShare = KnownShare(counted, IsKnown, IsTopic);
        // Naming two subjects is itself the articles' topic, their comparison ("django or flask?");
        // one subject and nothing else known may be another Django ("Django Unchained").
        // So is knowing only the domain ("python") and words that weigh things ("best for").
        var onlySubjectsKnown = !counted.Any(concept => concept.Subject is null && IsKnown(concept) && !_domainTerms.Contains(concept.Term) && !_judgingTerms.Contains(concept.Term))
            && query.Subjects.Distinct().Count() < 2;
        // Names ("MongoDB") and topics of the vocabulary ("websockets") the articles never mention.
        var unknownNames = (double)counted.Count(concept => IsTopic(concept) && !IsKnown(concept)) / Math.Max(1, counted.Count);
        // How much the known part of the topic says, rare words counting most: "tight deadline"
        // says a lot even among words the articles never use ("launch date in 4 weeks").
        var knownTopic = Math.Log(1 + counted.Where(concept => concept.Subject is null && IsKnown(concept))
            .Sum(concept => Weight(concept) * Credit(concept)));
        // One passage is judged, the one shown that has the most evidence of answering (nearest in
        // meaning and holding most of the topic together): the nearest passage and the one holding
        // the most of the topic may be two that each answer only half of it.
        ConfidenceFeatures JudgedBy(Func<Candidate, double> cosine)
        {
            var judged = shown.MaxBy(candidate => cosine(candidate) + candidate.TopicCoverage)!;
            return new ConfidenceFeatures(cosine(judged), knownShare, knownTopic, judged.TopicCoverage, onlySubjectsKnown, unknownNames);
        }
        var features = JudgedBy(candidate => candidate.JudgedCosine);
        var confidence = Math.Round(_semantics is null
            ? features.KnownShare * Math.Min(1, features.TopicCoverage / Options.FullCoverage)
            : _confidence.Predict(features), 4);
        // A question that points back at the subjects ("how old are these two?") is ranked with
        // their names in place, but as typed "these two" is near nothing in the passages, and the
        // question was declined however well its passage answered it. It is judged both ways and
        // the surer counts. What eval --fit learns from stays the question as typed: the fit on
        // the named text moved enough to decline a paraphrase question (measured).
        ConfidenceFeatures? namedFeatures = null;
        if (_semantics is not null && query.PointsBackAtTheSubjects)
        {
            var asNamed = JudgedBy(candidate => candidate.Cosine);
            var namedConfidence = Math.Round(_confidence.Predict(asNamed), 4);
            if (namedConfidence > confidence)
                (confidence, namedFeatures) = (namedConfidence, asNamed);
        }
        // How to make or do a thing the articles never mention, or which is the best one, is past
        // what they say, however near in meaning a passage about something else comes. A rule beside
        // the fitted model, not one of its features: the development sets hold only three such
        // questions, and as a feature it took the weight that "only a subject is known" needs
        // ("Can I use MongoDB with Django?").
        // A hedge ("the articles only touch on this") is for a question they touch on; one that
        // asks beyond them and is not sure enough to answer plainly is declined, with what they
        // do cover.
        var answered = confidence >= Options.MinConfidence && !ReasonsToDecline(query).Any()
            && !(query.AsksBeyondTheArticles && confidence < Options.HedgeBelow);
        return new Ranking(query, candidates, confidence, answered, features) { NamedFeatures = namedFeatures };
    }

    private static double KnownShare(IReadOnlyList<Concept> counted, Func<Concept, bool> isKnown, Func<Concept, bool> isTopic) =>
        counted.Sum(concept => !isKnown(concept) ? 0 : Credit(concept)) / Math.Max(1, counted.Count(concept => isKnown(concept) || isTopic(concept)));

    /// <param name="JudgedCosine">The plain cosine confidence judges: with the question read as
    /// <see cref="ParsedQuery.JudgedText"/> where it has one.</param>
    private sealed record Candidate(int PassageIndex, double Score, double Bm25, double Coverage, double Cosine, double SubjectFit, double TopicCoverage, double JudgedCosine);

    private sealed record Ranking(ParsedQuery Query, IReadOnlyList<Candidate> Candidates, double Confidence, bool Answered, ConfidenceFeatures? Features)
    {
        /// <summary>What the confidence rests on when judging the question with the subjects named
        /// was surer than judging it as typed (<see cref="Features"/>, what the fit learns from).</summary>
        public ConfidenceFeatures? NamedFeatures { get; init; }

        public static Ranking Empty(ParsedQuery query) => new(query, [], 0, false, null);
    }

    private bool IsKnown(Concept concept) => _index.DocumentFrequency(concept.Term) > 0;

    /// <summary>
    /// The question's concepts, each word the index does not know replaced by the index term
    /// nearest to it, if one is near enough: a typo ("djnago", "werkzueg") finds what it means.
    /// Short words are left alone, since one edit turns them into other real words; the edits
    /// allowed grow with the word's length. The question's text is rewritten the same way, each
    /// corrected word as the articles write it, for the model to read, without the names the
    /// articles never mention.
    /// </summary>
    private ParsedQuery Read(string question)
    {
        var typedText = question ?? "";
        var query = _parser.Parse(typedText);
        // "tl;dr which one should i pick", "which is better?": a question that asks which and
        // says nothing else asks how the subjects compare, as naming both would. ("thanks, that's
        // it" points back too, and asks nothing.)
        if (query.IsEmpty && _index.Knowledge.Vocabulary.Subjects.Count >= 2 && Tokenizer.Words(typedText).Contains("which"))
        {
            typedText = $"{typedText.TrimEnd()} ({string.Join(" or ", _index.Knowledge.Vocabulary.Subjects.Select(subject => subject.Name))})";
            query = _parser.Parse(typedText);
        }
        var stopWordSlips = new List<((int Start, int End) Span, string Word)>();
        var concepts = query.Concepts.Select(concept =>
        {
            if (concept.IsSynonymGroup || IsKnown(concept))
                return concept;
            var edits = AllowedEdits(concept.TypedLength);
            var typed = TypedWord(typedText, concept);
            // A comparative is its base word, as surely as if the base were typed: not a typo.
            var baseForm = BaseFormTerm(typed);
            // An everyday word is what it says, not a typo of the article word a few letters off
            // ("asking for a friend" is not "friendly", "flash messages" not Flask).
            var realWord = typed is not null && EnglishWords.Contains(typed);
            var nearest = baseForm ?? (realWord ? null : NearestTerm(concept.Term, typed, edits) ?? NearestSubjectName(concept.Term));
            if (nearest is null)
            {
                if (realWord || MistypedStopWord(typed) is not { } stopWord)
                    return concept;
                // Read as the stop word it is, by the search (it names no topic) and by the model.
                stopWordSlips.Add((concept.Span, stopWord));
                return null;
            }
            var typo = baseForm is null ? concept.Term : null;
            var written = _wordByTerm.GetValueOrDefault(nearest, nearest);
            var sure = typo is not null && typed is not null
                && (concept.TypedLength >= SureTypoLength || (typed.Length >= SureSlipLength && Typos.IsSlip(written, typed)));
            // The word it stands for is read as if typed, so "djagno" names the subject Django
            // and "authentification" is the concept of authentication, as "django" and
            // "authentication" would be.
            // A name is one however it is typed ("postgres" is PostgreSQL).
            var meant = _parser.Parse(written).Concepts is [var single] ? single : null;
            var isName = concept.IsName || meant is { IsName: true };
            return meant is not null && (meant.Term == nearest || meant.Literal.Contains(nearest))
                ? concept with { Term = meant.Term, Subject = meant.Subject, IsSynonymGroup = meant.IsSynonymGroup, IsName = isName, Typed = typo, SureTypo = sure, Literal = [nearest] }
                : concept with { Term = nearest, Subject = _parser.SubjectOf(nearest), IsName = isName, Typed = typo, SureTypo = sure, Literal = [nearest] };
        }).OfType<Concept>().ToList();
        // A concept read twice counts once, and as known if it was once typed as the articles
        // write it: in "perfomance wise, which one is faster" the typo means what "faster" says.
        var distinct = concepts.GroupBy(concept => concept.Term, StringComparer.Ordinal)
            .Select(same => (same.Any(concept => concept.Typed is null) ? same.First() with { Typed = null } : same.First()) with { LastStart = same.Max(concept => concept.LastStart) })
            .ToList();
        distinct = _parser.WithTopicsReadBeside(distinct);
        var aboutTheSubjects = IsAboutTheSubjects(typedText, distinct);
        distinct = WithSceneSetting(typedText, distinct);
        distinct = WithUnneededWeighingLess(typedText, distinct);
        distinct = WithSettingsWeighingLess(typedText, distinct);
        // "which" may ask which of the two things just named ("pyramid vs bottle, which is better",
        // "mongodb vs cassandra, which would u pick"): without it, does the question name or point
        // back at a subject?
        var namesOrPointsBack = IsAboutTheSubjects(typedText, distinct, whichCounts: false);
        var offeredInstead = OfferedInstead(typedText, distinct, againstPassing: !namesOrPointsBack);
        var askedForUnknown = AskedForUnknown(typedText, distinct, namesOrPointsBack);
        // Confidence judges the question as typed, typos corrected: it was fitted on such text, and
        // the passages' words in place of the asker's moved the fit to decline more questions.
        var corrected = Corrected(typedText, concepts, stopWordSlips, inTheArticlesWords: false);
        var inTheArticlesWords = Corrected(typedText, concepts, stopWordSlips, inTheArticlesWords: true);
        var text = WithTheSubjectsNamed(inTheArticlesWords, distinct);
        return new ParsedQuery(distinct)
        {
            Text = text,
            PointsBackAtTheSubjects = text != inTheArticlesWords,
            JudgedText = text == corrected ? null : corrected,
            NamesAreContext = NamesAreContext(typedText, distinct, aboutTheSubjects),
            NamedInPassing = NamedInPassing(distinct, aboutTheSubjects, offeredInstead),
            AskedForUnknown = askedForUnknown,
            AsksBeyondTheArticles = askedForUnknown.Count > 0 || offeredInstead.Count > 0,
            UnmentionedThingAskedAbout = UnmentionedThingAskedAbout(typedText, distinct),
            FaultToTroubleshoot = FaultToTroubleshoot(typedText),
            CurrentFactAsked = CurrentFactAsked(typedText),
            CountAsked = CountAsked(typedText),
            UnknownNameCompared = UnknownNameComparedWith(typedText, distinct),
            OtherSenseOfSubject = OtherSenseOfSubject(typedText, distinct),
        };
    }

    /// <summary>The first of the other senses (<see cref="Vocabulary.OtherSenses"/>) of a subject the
    /// question names that the question also uses, word for word: "django reinhardt chords for
    /// beginners" is about the guitarist, however much of it the articles know ("beginners").</summary>
    private string? OtherSenseOfSubject(string question, IReadOnlyList<Concept> concepts)
    {
        if (_otherSenses.Count == 0)
            return null;
        var words = Tokenizer.Words(question, maxWords: 300);
        return concepts.Select(concept => concept.Subject).OfType<string>().Distinct()
            .SelectMany(subject => _otherSenses.GetValueOrDefault(subject) ?? [])
            .FirstOrDefault(sense => Enumerable.Range(0, Math.Max(0, words.Count - sense.Words.Count + 1))
                .Any(start => words.Skip(start).Take(sense.Words.Count).SequenceEqual(sense.Words)))
            .Sense;
    }

    /// <summary>
    /// Chat questions often set the scene first and ask last: "hosting on a Raspberry Pi with 1GB,
    /// which one is lighter on memory", "we deploy to small containers! which one ...". When the
    /// last clause asks (a question word) about a topic of its own that the articles know, the
    /// concepts of the clauses before it weigh less in the ranking: they say what the asker has,
    /// not what they ask.
    /// </summary>
    private List<Concept> WithSceneSetting(string question, List<Concept> concepts)
    {
        var clauseBreak = LastClauseBreak(question);
        // A last clause that only names the choice ("..., flask or django?") tags the one before.
        if (clauseBreak > 0 && Tokenizer.Words(question[(clauseBreak + 1)..]) is { Count: > 0 } tail && tail.All(IsChoiceWord))
            clauseBreak = LastClauseBreak(question[..clauseBreak]);
        if (clauseBreak <= 0)
            return concepts;
        var asked = Tokenizer.Words(question[(clauseBreak + 1)..]);
        if (asked.Count == 0 || !QuestionWords.Contains(asked[0]))
            return concepts;
        // What the last clause weighs, not the weighing ("which one fits better"): its own topic.
        // A topic named in both is asked ("a tiny vps with barely any ram, which one is lighter on memory").
        if (OwnTopicWeight(concepts.Where(concept => concept.LastStart > clauseBreak)) < SpecificTopicWeight)
            return concepts;
        return concepts.Select(concept => concept.LastStart < clauseBreak ? concept with { Emphasis = SceneSettingEmphasis } : concept).ToList();
    }

    /// <summary>
    /// What the asker says they do not need is context, not what they ask about: "i don't need an
    /// admin panel or templates, just a few endpoints", "a json backend, zero server rendered
    /// pages, which one for a pure api". Up to the end of its clause it weighs less in the
    /// ranking, when the rest of the question has a topic of its own that the articles know (else
    /// the unneeded thing is all there is to go on). A negation that asks is not this: "can I use
    /// django without the orm" asks about the ORM.
    /// </summary>
    private List<Concept> WithUnneededWeighingLess(string question, List<Concept> concepts) =>
        WeighingLessWithin(concepts, NotNeeded().Matches(question)
            .Select(match => (Start: match.Index + match.Length, End: ClauseEnd(question, match.Index + match.Length)))
            .ToList());

    /// <summary>
    /// Where or how the asker runs a thing, or whose question it is, is context, not what they ask
    /// about it: "who uses Flask in production" asks for its users, not for production servers;
    /// "an intern on my team" asks nothing about teams (the phrases of <see cref="Vocabulary.Settings"/>). Such a phrase weighs less in the ranking when the rest of
    /// the question has a topic of its own that the articles know.
    /// </summary>
    private List<Concept> WithSettingsWeighingLess(string question, List<Concept> concepts) =>
        WeighingLessWithin(concepts, _settings.SelectMany(setting => setting.Matches(question))
            .Select(match => (Start: match.Index, End: match.Index + match.Length))
            .ToList());

    /// <summary>The concepts read from within <paramref name="spans"/> weigh less in the ranking,
    /// when the rest of the question has a topic of its own that the articles know (else they are
    /// all there is to go on).</summary>
    private List<Concept> WeighingLessWithin(List<Concept> concepts, List<(int Start, int End)> spans)
    {
        if (spans.Count == 0)
            return concepts;
        bool Inside(Concept concept) => spans.Any(concept.Within);
        if (OwnTopicWeight(concepts.Where(concept => !Inside(concept))) < SpecificTopicWeight)
            return concepts;
        return concepts.Select(concept => Inside(concept) ? concept with { Emphasis = Math.Min(concept.Emphasis, SceneSettingEmphasis) } : concept).ToList();
    }

    /// <summary>Where the clause that goes on from <paramref name="from"/> ends: at the next break
    /// (<see cref="ClauseBreakPunctuation"/>) or "but".</summary>
    private static int ClauseEnd(string question, int from)
    {
        var end = ClauseEndPattern().Match(question, from);
        return end.Success ? end.Index : question.Length;
    }

    [GeneratedRegex(@"\b(?:(?:i|we)\s+(?:really\s+|just\s+)?(?:don'?t|do not|won'?t|will not|never)\s+(?:really\s+)?(?:need|want|use|care about)|no need for|zero)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotNeeded();

    /// <summary>What ends a clause: a comma or semicolon, or the end of a sentence, a full stop, "?"
    /// or "!" before a space or the end of the text, so that "3.0", "22.04" and "node.js" end
    /// nothing. The one rule for both ways of reading clauses, forward and from the end.</summary>
    private const string ClauseBreakPunctuation = @"[,;]|[.!?](?=\s|$)";

    [GeneratedRegex(ClauseBreakPunctuation + @"|\bbut\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClauseEndPattern();

    [GeneratedRegex(ClauseBreakPunctuation)]
    private static partial Regex ClauseBreakPattern();

    /// <summary>Where the last clause starts: at the last break (<see cref="ClauseBreakPunctuation"/>)
    /// that more words follow ("we deploy on 512mb containers. which one uses less memory?"), or
    /// -1.</summary>
    private static int LastClauseBreak(string question)
    {
        var text = question.TrimEnd();
        return ClauseBreakPattern().Matches(text).LastOrDefault(match => match.Index > 0 && match.Index < text.Length - 1)?.Index ?? -1;
    }

    /// <summary>How much a part of a question says of a topic of its own that the articles know:
    /// its known words' weight, leaving out the subjects, the words that weigh ("fits", "better")
    /// and the domain.</summary>
    private double OwnTopicWeight(IEnumerable<Concept> concepts) =>
        concepts.Where(concept => concept.Subject is null && IsKnown(concept) && !_judgingTerms.Contains(concept.Term) && !_domainTerms.Contains(concept.Term))
            .Sum(concept => Weight(concept) * concept.Emphasis);

    private const double SceneSettingEmphasis = 0.5;
    private const double SpecificTopicWeight = 2.5;

    /// <summary>A subject's name, a slip of one ("djnago"), or a word that sets names against each
    /// other: what "flsk or djnago" is made of.</summary>
    private bool IsChoiceWord(string word) => Versus.Contains(word) || word == "and" || IsSubjectOrSlipOfOne(word);

    /// <summary>A subject's name or a slip of one ("djnago").</summary>
    private bool IsSubjectOrSlipOfOne(string word) =>
        _parser.Parse(word).Concepts is [var concept] && (concept.Subject is not null || NearestSubjectName(concept.Term) is not null);

    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "which", "what", "whats", "how", "is", "are", "does", "do", "can", "will", "would", "should", "could", "why", "where", "who", "when",
    };

    private string Corrected(string question, IReadOnlyList<Concept> concepts, IReadOnlyList<((int Start, int End) Span, string Word)> stopWordSlips, bool inTheArticlesWords)
    {
        var text = question;
        // A name the articles never mention ("React", "Kubernetes") is left out of what the model
        // reads: no passage can be near it in meaning, so it would only pull the question away
        // from the passages on the rest of it (confidence weighs such names apart). Unless it
        // goes with a subject's name: "Django Reinhardt" is another Django, and the model should
        // see that.
        bool LeftOut(Concept concept) => IsUnknownName(concept) && !NextToASubject(question, concepts, concept.Span);
        string AsWritten(Concept concept)
        {
            var word = concept.Literal.Count == 1 ? concept.Literal[0] : concept.Term;
            return _wordByTerm.GetValueOrDefault(word, word);
        }
        // What chat calls a subject ("the lightweight one", "the big one") is read by the model as
        // the subject's name, which the passages use: the words alone are near nothing in them.
        bool CalledByAnotherName(Concept concept) => concept.Typed is null && concept.Subject is { } subject
            && concept.Span.Start >= 0 && concept.Span.End <= question.Length
            && !question[concept.Span.Start..concept.Span.End].Contains(subject, StringComparison.OrdinalIgnoreCase);
        // A synonym no passage uses ("backoffice", "perms") is read by the model in the passages'
        // words ("admin", "permissions"): it would find them by the rest of the question alone.
        string? ArticlesPhrase(Concept concept) =>
            inTheArticlesWords && concept.Span.Start >= 0 && concept.Span.End <= question.Length
            && concept.Span.End - concept.Span.Start == concept.TypedLength
                ? ArticlesPhraseFor(concept, question[concept.Span.Start..concept.Span.End]) : null;
        var replacements = concepts.Where(concept => concept.Typed is not null || LeftOut(concept))
            .Select(concept => (concept.Span, Word: concept.Typed is null ? "" : AsWritten(concept)))
            .Concat(concepts.Where(CalledByAnotherName).Select(concept => (concept.Span, Word: concept.Subject!)))
            .Concat(concepts.Select(concept => (concept.Span, Word: ArticlesPhrase(concept))).Where(pair => pair.Word is not null).Select(pair => (pair.Span, Word: pair.Word!)))
            .Concat(stopWordSlips)
            .OrderByDescending(replacement => replacement.Span.Start);
        foreach (var ((start, end), word) in replacements)
        {
            if (start < 0 || end > text.Length || start >= end)
                continue;
            text = string.Concat(text.AsSpan(0, start), word, text.AsSpan(end));
        }
        // Where a name was left out, its spaces are one (the model's tokenizer reads them so too).
        return text.Contains("  ", StringComparison.Ordinal) ? string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : text;
    }

    /// <summary>
    /// "which of the two is safer", "can i run either of them in docker": a question that points
    /// back at the subjects without naming any is ranked by the model with their names in place
    /// of the pointing words, as the passages write them; "these two" alone is near nothing in
    /// them. Confidence still judges the text without them (<see cref="ParsedQuery.JudgedText"/>):
    /// it was fitted on questions as typed, and judging the named text moved the fit enough to
    /// decline a paraphrase question. "which of them" is "which of Django and Flask"; "which one"
    /// is left as it is: it asks which, and the model reads the rest. "these" on its own ("can i
    /// put these behind nginx") is the two names too.
    /// </summary>
    private string WithTheSubjectsNamed(string text, IReadOnlyList<Concept> concepts)
    {
        var subjects = _index.Knowledge.Vocabulary.Subjects;
        if (subjects.Count < 2 || concepts.Any(concept => concept.Subject is not null))
            return text;
        return PointsBackAtTheSubjects().Replace(text, match =>
        {
            var first = match.Value.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
            var names = string.Join(first.Equals("either", StringComparison.OrdinalIgnoreCase) ? " or " : " and ", subjects.Select(subject => subject.Name));
            // "which of them" still asks which: "which of Django and Flask".
            return first.ToLowerInvariant() is "which" or "one" ? $"{first} of {names}" : names;
        });
    }

    // "these two", "which of them", "both frameworks", "these" with no noun after it ("can i put
    // these behind nginx", "for these?", "when did these come out"), not "these days"; "each" or
    // "both" before what they do ("when did each come out"); and "each", "both" or "either" (one)
    // closing a clause after a preposition ("how good are the docs for each?", "how are settings
    // handled in each one").
    [GeneratedRegex(@"\b(?:(?:these|those|the)\s+(?:two|2)(?:\s+frameworks)?|(?:both|each|either|which|one)\s+of\s+(?:these|them|those)(?:\s+(?:two|2))?|these\s+frameworks|both\s+frameworks)\b|\bthese(?=\s*(?:[?.!,]|$)|\s+(?:on|with|in|for|at|behind|under|via|using)\b)|\b(?:these|each|both)(?=\s+(?:come|came|compare|differ|stack|handle|deal|work|perform|scale|support|run|have|do|use|need|offer|provide|fit|get)\b)|\b(?<=(?:for|of|with|in|about|on)\s+)(?:each|both|either)(?:\s+one)?(?=\s*(?:[?.!,]|$))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PointsBackAtTheSubjects();

    /// <summary>Whether the words at <paramref name="span"/> stand right next to a subject's name,
    /// only spaces between: a name that goes with it ("Django Reinhardt") makes another Django.</summary>
    private static bool NextToASubject(string question, IReadOnlyList<Concept> concepts, (int Start, int End) span)
    {
        bool OnlySpaceBetween(int from, int to) => 0 <= from && from <= to && to <= question.Length && string.IsNullOrWhiteSpace(question[from..to]);
        return concepts.Where(concept => concept.Subject is not null)
            .Any(subject => OnlySpaceBetween(subject.Span.End, span.Start) || OnlySpaceBetween(span.End, subject.Span.Start));
    }

    /// <summary>
    /// Whether the names in the question that the articles never mention are context rather than
    /// its topic: the question is about the subjects (it names one, asks which one, or points back
    /// at one: "does it run on Kubernetes"), and offers none of those names as an alternative
    /// ("Spring Boot or Django", "PyCharm or VS Code", "faster than Go") or as part of a subject's
    /// name ("Django Reinhardt"): "our Jenkins pipeline is slow, which framework has less config
    /// to deploy".
    /// </summary>
    private bool NamesAreContext(string question, IReadOnlyList<Concept> concepts, bool aboutTheSubjects)
    {
        var unknownNames = concepts.Where(IsUnknownName).ToList();
        return aboutTheSubjects && unknownNames.Count > 0
            && !unknownNames.Any(name => NextToASubject(question, concepts, name.Span) || OfferedAsAlternative(question, name.Span));
    }

    /// <summary>A name as typed (not a typo's correction) that the articles never mention.</summary>
    private bool IsUnknownName(Concept concept) => concept.IsName && concept.Typed is null && !IsKnown(concept);

    /// <summary>
    /// The names a question is about that the articles mention only in passing: when it neither
    /// names a subject nor asks which one nor points back at one ("does it ...", "either of
    /// them"), a name (written as one) that only one passage uses, in passing, is its topic, and
    /// the articles only brush against it ("is Pyramid a good python framework", "is FastAPI
    /// better?": each is named once, in a list of other frameworks). Such a name is judged as one
    /// the articles never mention. A question about the subjects keeps them as known ("Can I host
    /// a Flask app on Heroku?"), unless it sets the name against a subject or the domain ("is
    /// FastAPI faster than flask?"), not against a part of one ("django forms vs wtforms"). Any
    /// word so mentioned, set against another ("pyramid vs bottle, which is better"), is what a
    /// question asks about unless it names or points back at a subject: "can I run either of
    /// them on aws or heroku" asks about the subjects. A name two passages or more use is known
    /// ("Gunicorn or uWSGI?"). A name the articles write as one is a name however it is typed.
    /// </summary>
    private IReadOnlySet<string> NamedInPassing(IReadOnlyList<Concept> concepts, bool aboutTheSubjects, IReadOnlySet<string> offeredInstead) =>
        concepts.Where(concept => concept.IsName && !aboutTheSubjects && concept.Typed is null && MentionedInPassing(concept.Term))
            .Select(concept => concept.Term)
            .Concat(offeredInstead)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The terms, of words the articles mention only in passing, that the question offers
    /// instead of a subject or the domain ("is FastAPI faster than flask"), or, when it neither
    /// names nor points back at a subject (<paramref name="againstPassing"/>), instead of another
    /// such word ("pyramid vs bottle"); or, of names, that a how-to asks to set up or use ("how do I
    /// configure nginx as a reverse proxy"): a name in a list says nothing of how to work it.</summary>
    private IReadOnlySet<string> OfferedInstead(string question, IReadOnlyList<Concept> concepts, bool againstPassing) =>
        concepts.Where(concept =>
            {
                var (before, after) = (WordsBefore(question, concept.Span), WordsAfter(question, concept.Span));
                var inPassing = concept.Typed is null && MentionedInPassing(concept.Term);
                return (inPassing && !IsQuantityComparative(question, concept) && SetAgainstTheSubjects(before, after, againstUnknown: false, againstPassing))
                    || (inPassing && concept.IsName && !IsSubjectOrDomainTerm(concept) && OpensWithHowToOrBest(before))
                    || (IsEverydayWordForAnUnknownOne(concept) && SetAgainstTheSubjects(before, after, againstUnknown: false, againstPassing: false))
                    || (IsOtherKnownName(concept) && JudgedAgainstAnotherName(question, before, after, thanCounts: againstPassing))
                    || (inPassing && AsksHowItStandsNow(before, after))
                    || (inPassing && AsksAboutItOverTheSubjects(question, before, concepts));
            })
            .Select(concept => concept.Term)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>An unknown word read as the nearest everyday word the articles use ("streamlit" as
    /// "streamline"): set against a subject ("is streamlit better than flask"), it is the other
    /// framework or tool the question asks about, which the articles never mention, not the
    /// everyday word; a correction to a name, a subject or a vocabulary topic is the thing meant.</summary>
    private static bool IsEverydayWordForAnUnknownOne(Concept concept) =>
        concept.Typed is not null && !concept.IsName && concept.Subject is null && !concept.IsSynonymGroup;

    /// <summary>"fewer", "less": a comparative that says how much of the next thing, which is what
    /// a "than" after it compares ("flask gets fewer patches than django"), not itself a thing
    /// offered instead of the subject.</summary>
    private static bool IsQuantityComparative(string question, Concept concept) =>
        TypedWord(question, concept) is "fewer" or "less";

    /// <summary>A name the articles use that is neither a subject nor the domain ("PostgreSQL",
    /// "Gunicorn"). Judged against another such name ("is PostgreSQL faster than MySQL" in a
    /// question that neither names nor points back at a subject; "postgres or mysql for our django
    /// app, which is better" in any), it asks for a judgement the articles never make, as a name
    /// they mention only in passing does; offered beside one ("gunicorn or uwsgi?", "does django
    /// work with postgres or mysql") it asks which they list.</summary>
    private bool IsOtherKnownName(Concept concept) =>
        concept.IsName && IsKnown(concept) && !IsSubjectOrDomainTerm(concept);

    /// <summary>
    /// The everyday words right after "which" or "what" that the articles never use: the kind of
    /// thing asked for ("which laptop is best for python development", "what editor do django
    /// devs use"). Such a word is the topic, however many of the other words the articles know.
    /// A verb there asks what a thing does, not for a kind of thing ("what happens if my flask app
    /// grows", "which wins for a rest api", "what happened to flask"): a word ending in "s" that no
    /// auxiliary follows, or one ending in "ed". A subject or the domain may come between ("which
    /// python version"). So is a word set against a subject or the domain ("is rust faster than
    /// python", "flask or bottle"), or, in a question not about the subjects, against another word
    /// the articles never use ("rails vs laravel"): chat types names in lower case. Two such words
    /// judged against each other are asked for in any question ("graphene or strawberry, which lib
    /// is better" for a Flask API).
    /// </summary>
    private IReadOnlySet<string> AskedForUnknown(string question, IReadOnlyList<Concept> concepts, bool aboutTheSubjects)
    {
        var everydayWords = UnusedEverydayWords(concepts)
            .Where(concept =>
            {
                var (before, after) = (WordsBefore(question, concept.Span), WordsAfter(question, concept.Span));
                // "which laptop", and "which python version": a subject or the domain may come between.
                var askedFor = before is [.., "which" or "what"] || (before is [.., "which" or "what", var kind] && IsSubjectOrDomainWord(kind));
                return (askedFor && TypedWord(question, concept) is { } word && !IsParticiple(word) && !IsThirdPersonVerb(word, after))
                    || SetAgainstTheSubjects(before, after, againstUnknown: !aboutTheSubjects)
                    // "graphene or strawberry, which lib is better": two things the articles never
                    // mention, judged against each other, even in a question about a subject; and
                    // so when the choice opens the question ("poetry or uv for a django monorepo?").
                    || ((AsksWhichIsBetter().IsMatch(question) || OpensTheQuestion(before, after)) && SetBeside(WithoutOwner(before), after, IsUnusedEverydayWord))
                    || (PriceWords.Contains(concept.Term) && !NamesAFeature(TypedWord(question, concept), after))
                    || AsksHowItStandsNow(before, after)
                    || AsksAboutItOverTheSubjects(question, before, concepts);
            });
        // "does spring have something like the django admin?": a name the articles never mention,
        // right after the verb that opens the question, is what it asks about, where the subjects
        // are only what it is likened to.
        var unknownNamesAsked = concepts.Where(concept => IsUnknownName(concept) && AsksAboutItOverTheSubjects(question, WordsBefore(question, concept.Span), concepts));
        var severalReleases = concepts.Count(concept => IsVersion(concept.Term) && !IsKnown(concept)) >= 2;
        var errorsAndReleases = concepts.Where(concept => concept.Typed is null && !IsKnown(concept))
            .Where(concept => IsErrorName(concept.Term) || (IsVersion(concept.Term)
                && (severalReleases || (WordsBefore(question, concept.Span) is [.., var named] && (IsSubjectOrDomainWord(named) || IsKnownNameWord(named))))));
        return everydayWords.Concat(errorsAndReleases).Concat(unknownNamesAsked).Select(concept => concept.Term).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A name the articles never mention, set against a subject or the domain ("is Rust
    /// faster than Python", "is Django faster than Rails", "Go vs Flask"): the question asks for a
    /// comparison with a thing they never discuss, however much of the rest they know. Elsewhere
    /// such a name may be context ("we use React, which backend").</summary>
    private string? UnknownNameComparedWith(string question, IReadOnlyList<Concept> concepts) =>
        UnknownAsTyped(concepts).Where(concept => concept.IsName)
            .Select(concept => (concept.Term, concept.Span))
            .Concat(QueryParser.StopWordsWrittenAsNames(question))
            .FirstOrDefault(name => SetAgainstTheSubjects(WordsBefore(question, name.Span), WordsAfter(question, name.Span), againstUnknown: false, againstPassing: false))
            .Term
        ?? concepts.FirstOrDefault(concept => !concept.IsName && !concept.IsSynonymGroup && concept.Typed is null && concept.Subject is null && !IsKnown(concept)
            && VersusASubject(WordsBefore(question, concept.Span), WordsAfter(question, concept.Span)))?.Term
        ?? ChoiceBetweenUnknowns(question, concepts);

    /// <summary>"uuid or bigserial for primary keys", "should we use poetry or pipenv": a choice
    /// between two things the articles never use, a word each right across "or" or "vs", is a choice they
    /// cannot help with, however much of the rest (a subject, "primary keys") they know. Two given
    /// as examples only say what is meant ("a CLI like artisan or rails generate").</summary>
    private string? ChoiceBetweenUnknowns(string question, IReadOnlyList<Concept> concepts)
    {
        bool IsUnknownWord(string word) => !StopWords.Contains(word) && Read(word).Concepts is [var concept] && UnknownAsTyped([concept]).Any();
        // The choice opens its clause or follows a word of choosing; elsewhere "or" joins words
        // that describe ("is that a normal combo or weird").
        bool OpensAChoice(string clause) => Tokenizer.Words(clause) is var words && (words.Count == 0 || Choosing.Contains(words[^1]));
        return UnknownAsTyped(concepts)
            .Where(concept => ClauseBefore(question, concept.Span) is var clause && OpensAChoice(clause) && !ExampleOpening().IsMatch(clause))
            .Select(concept => (Word: TypedWord(question, concept) ?? concept.Term, After: WordsAfter(question, concept.Span)))
            .FirstOrDefault(unknown => unknown.After is [var connective, var other, ..] && (connective == "or" || VersusOnly.Contains(connective)) && IsUnknownWord(other))
            .Word;
    }

    /// <summary>The question's text from the start of the clause that holds the span to the span.</summary>
    private static string ClauseBefore(string question, (int Start, int End) span)
    {
        var before = question[..Math.Clamp(span.Start, 0, question.Length)];
        return before[(before.LastIndexOfAny(ClauseEnds) + 1)..];
    }

    private static readonly HashSet<string> Choosing = new(StringComparer.Ordinal)
        { "use", "using", "pick", "picking", "choose", "choosing", "between", "prefer", "recommend", "try", "either", "whether" };

    private static readonly char[] ClauseEnds = [',', ';', '.', '?', '!', ':', '(', ')'];

    [GeneratedRegex(@"\b(?:like|such\s+as|e\.?g|say)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExampleOpening();

    /// <summary>"laravel vs flask for a small api", "spring boot vs djnago": chat types names in lower
    /// case, and a word the articles never use right across "vs" from a subject is one, unless a
    /// word they do use goes with it ("flask vs plain wsgi").</summary>
    private bool VersusASubject(List<string> before, List<string> after)
    {
        bool IsKnownWord(string word) => _parser.Parse(word).Concepts is [var concept] && IsKnown(concept);
        // "is deploying django a pain vs flask": what a determiner opens is a description, no name.
        return (after is [var connective, var subject, ..] && VersusOnly.Contains(connective) && IsSubjectOrSlipOfOne(subject)
                && !(before is [.., var previous] && (IsKnownWord(previous) || Describers.Contains(previous))))
            || (before is [.., var subjectBefore, var connectiveBefore] && VersusOnly.Contains(connectiveBefore) && IsSubjectOrSlipOfOne(subjectBefore) && !(after is [var next, ..] && IsKnownWord(next)));
    }

    private static readonly HashSet<string> VersusOnly = new(StringComparer.Ordinal) { "vs", "versus" };

    private static readonly HashSet<string> Describers = new(StringComparer.Ordinal) { "a", "an", "the", "such", "so", "too", "very", "real", "bit", "more", "less", "much", "any", "some", "no" };

    /// <summary>"is rails still worth learning", "does bottle still support python 2", "is pyramid
    /// still maintained": a thing that opens a yes/no question and is followed by "still" is what
    /// the question asks about, how it stands now.</summary>
    private static bool AsksHowItStandsNow(List<string> before, List<string> after) =>
        before.SkipWhile(Greetings.Contains).ToList() is [var auxiliary] && Auxiliaries.Contains(auxiliary)
        && after is ["still", ..];

    // What a thing costs is a topic of its own, one the articles never price: "how much does a
    // hobby dyno cost", "lambda vs cloud run, which is cheaper", "what does heroku charge". Not
    // "cheap" itself: "a cheap droplet" is where the app runs, not what is asked. (Terms: "charge"
    // is stemmed "charg".)
    private static readonly HashSet<string> PriceWords = new(StringComparer.Ordinal) { "cost", "price", "pricing", "fee", "cheaper", "cheapest", "charg" };

    /// <summary>Whether a price noun names a part of what is built, right before the thing it is
    /// part of ("complex inventory + pricing rules", "a pricing page"), not what something costs.
    /// Only "price" and "pricing": "cost" is as often a verb ("does it cost money").</summary>
    private static bool NamesAFeature(string? typed, List<string> after) =>
        typed is not null && typed.StartsWith("pric", StringComparison.OrdinalIgnoreCase)
        && after is [var next, ..] && !StopWords.Contains(next) && !next.All(char.IsDigit);

    // An error's name ("ModuleNotFoundError", "KeyError") is what a question
    // about it asks: why it happens and how to get past it, which comparisons of frameworks do not say.
    private static bool IsErrorName(string term) =>
        term.Length > "error".Length && (term.EndsWith("error", StringComparison.Ordinal) || term.EndsWith("exception", StringComparison.Ordinal));

    // A release the articles never name, right after its subject, the domain or a name they use
    // ("django 6.0", "python 3.13", "sqlalchemy 2.0"), or set beside another ("is it 3.0.3 or 3.1?").
    private static bool IsVersion(string term) =>
        term.Contains('.') && term.All(letter => char.IsDigit(letter) || letter == '.') && char.IsDigit(term[0]) && char.IsDigit(term[^1]);

    // "rust or python", "rust vs django", "rust faster than python", "python or rust", "python is
    // faster than rust"; or against a name the articles only mention in passing ("tornado or
    // aiohttp"): one more of its kind. In a question not about the subjects, against another word
    // the articles never use too ("rails vs laravel"); in one about them, two such words are a
    // detail of it ("where does config go in each? settings.py vs env vars").
    private bool SetAgainstTheSubjects(List<string> before, List<string> after, bool againstUnknown, bool againstPassing = true)
    {
        bool IsComparedWith(string word) =>
            _parser.Parse(word).Concepts is [var concept]
            && (IsSubjectOrDomainTerm(concept) || (againstPassing && MentionedInPassing(concept.Term)) || (againstUnknown && !IsKnown(concept)));
        // Right after a subject's name, a word is what that subject does or has, and the subject is
        // what is set against the other: "does django eat noticeably more ram than flask", "how do
        // flask blueprints compare to django apps".
        // So is a subject named between the word and its "than": "is deploying django harder than
        // flask" sets Django against Flask, not what came before.
        var saidOfASubject = before.TakeLast(2).Any(IsSubjectOrSlipOfOne)
            || after.Take(MaxWordsBeforeThan).TakeWhile(word => word != "than").Any(IsSubjectOrSlipOfOne);
        before = WithoutOwner(before);
        return SetBeside(before, after, IsComparedWith)
            || (after is ["instead", "of", var other, ..] && IsComparedWith(other))
            || (before is [.., var previous, "instead", "of"] && IsComparedWith(previous))
            || (!saidOfASubject && ThanAfter(after, MaxWordsBeforeThan, IsComparedWith))
            || ThanBefore(before, MaxComparisonWords, IsComparedWith)
            || (!saidOfASubject && ComparedToAfter(after, IsComparedWith))
            || ComparedToBefore(before, IsComparedWith);
    }

    /// <summary>"how does rails active record compare to the django orm": X is one to
    /// <see cref="MaxComparisonWords"/> words before "compare(s) to/with/against", and Y, past an
    /// article, right after it. Not "compared to": what comes right before it says how the thing
    /// compared does ("is shipping django a pain compared to flask").</summary>
    private static bool ComparedToAfter(List<string> after, Func<string, bool> isComparedWith) =>
        Enumerable.Range(0, MaxComparisonWords).Any(compare => compare + 2 < after.Count && (after[compare] is "compare" or "compares")
            && ComparedWith.Contains(after[compare + 1]) && after.Skip(compare + 2).SkipWhile(Articles.Contains).FirstOrDefault() is { } other && isComparedWith(other));

    /// <summary>The same comparison seen from Y: "how does django compare to rails".</summary>
    private static bool ComparedToBefore(List<string> before, Func<string, bool> isComparedWith)
    {
        var words = before.AsEnumerable().Reverse().SkipWhile(Articles.Contains).ToList();
        return words is [var connective, var verb, ..] && ComparedWith.Contains(connective) && ComparingVerbs.Contains(verb)
            && words.Skip(2).Take(MaxComparisonWords).Any(isComparedWith);
    }

    private static readonly HashSet<string> ComparingVerbs = new(StringComparer.Ordinal) { "compare", "compares", "compared", "comparing" };
    private static readonly HashSet<string> ComparedWith = new(StringComparer.Ordinal) { "to", "with", "against" };
    private static readonly HashSet<string> Articles = new(StringComparer.Ordinal) { "the", "a", "an" };

    /// <summary>"X or Y", "X vs Y", "between X and Y", seen from either side: the word across the
    /// connective. Across "vs" a stop word is a name ("go vs rust"): no one sets "the" against a
    /// thing.</summary>
    private static bool SetBeside(List<string> before, List<string> after, Func<string, bool> isComparedWith)
    {
        bool IsComparedAcross(string connective, string other) =>
            isComparedWith(other) || (connective != "or" && StopWords.Contains(other));
        return (after is [var connective, var other, ..] && Versus.Contains(connective) && IsComparedAcross(connective, other))
            || (before is [.., var previous, var previousConnective] && Versus.Contains(previousConnective) && IsComparedAcross(previousConnective, previous))
            // "choosing between express and nestjs".
            || (before is [.., "between"] && after is ["and", var second, ..] && isComparedWith(second))
            || (before is [.., "between", var first, "and"] && isComparedWith(first));
    }

    /// <summary>"poetry or uv ...", "hey, tabs vs spaces in ...": a choice of two things that
    /// the question opens with is what it asks.</summary>
    private static bool OpensTheQuestion(List<string> before, List<string> after) =>
        before.SkipWhile(Greetings.Contains).ToList() switch
        {
            [] => after is [var connective, ..] && Versus.Contains(connective),
            [_, var connective] => Versus.Contains(connective),
            _ => false,
        };

    /// <summary>Whether the word after these is the grammatical subject of the question: right
    /// after the auxiliary that opens it ("does pyramid have an admin panel like django's"), past
    /// any greeting.</summary>
    private static bool IsWhatTheQuestionAsksAbout(List<string> before) =>
        before.SkipWhile(Greetings.Contains).ToList() is [var opening] && Auxiliaries.Contains(opening);

    /// <summary>Whether the thing after <paramref name="before"/> is what the question asks about
    /// (<see cref="IsWhatTheQuestionAsksAbout"/>), with the subjects, if named, only what it is
    /// likened to (<see cref="SubjectsOnlyLikenedTo"/>): "does pyramid have an admin panel like
    /// django's".</summary>
    private static bool AsksAboutItOverTheSubjects(string question, List<string> before, IReadOnlyList<Concept> concepts) =>
        IsWhatTheQuestionAsksAbout(before) && SubjectsOnlyLikenedTo(question, concepts);

    /// <summary>Whether the subjects the question names, if any, are only what something else is
    /// likened to ("an admin like django's", "something like the django admin"): "does nasa use
    /// django" asks about Django.</summary>
    private static bool SubjectsOnlyLikenedTo(string question, IReadOnlyList<Concept> concepts) =>
        concepts.Where(concept => concept.Subject is not null).All(subject => WordsBefore(question, subject.Span).TakeLast(2).Contains("like"));

    private static readonly HashSet<string> Greetings = new(StringComparer.Ordinal) { "hey", "hi", "hello", "yo", "ok", "so", "quick", "q", "question", "guys", "all", "folks", "team", "random" };

    /// <summary>The words before a thing without the subject or domain word that may name whose
    /// it is: in "drf vs django ninja" and "better than django ninja", "ninja" is set against what
    /// comes before "django".</summary>
    private List<string> WithoutOwner(List<string> before) =>
        before is [.., var owner] && IsSubjectOrDomainWord(owner) ? before[..^1] : before;

    /// <summary>"X faster than Y", "is X a better choice than Y": seen from X, a "than" after one to
    /// <paramref name="maxWordsBetween"/> words, and the word right after it. Not further: "worried
    /// flask gets fewer patches than django" does not set "worried" against Django.</summary>
    private static bool ThanAfter(List<string> after, int maxWordsBetween, Func<string, bool> isComparedWith) =>
        Enumerable.Range(1, maxWordsBetween).Any(than => than + 1 < after.Count && after[than] == "than" && isComparedWith(after[than + 1]));

    /// <summary>The same comparison seen from Y: the words right before it end with "than", and X is
    /// one to <paramref name="maxWordsBetween"/> words before that.</summary>
    private static bool ThanBefore(List<string> before, int maxWordsBetween, Func<string, bool> isComparedWith) =>
        before is [.., "than"] && before.TakeLast(maxWordsBetween + 2).SkipLast(2).Any(isComparedWith);

    // How many words a comparison may put between a thing and its "than" ("is a better choice than").
    private const int MaxComparisonWords = 3;

    // After the thing, a comparison may say more before its "than": "is laravel easier to pick up
    // than django".
    private const int MaxWordsBeforeThan = 5;

    /// <summary>"X is faster than Y", "faster than Y", "X is better than Y" where the other is
    /// another name the articles use (<see cref="IsOtherKnownName"/>), with at most two words
    /// between the name and its "than"; or "X vs Y" / "X or Y" in a question that asks which is
    /// better ("postgres vs mysql, which handles jsonb indexing better"). Either name may be typed
    /// as people type it ("postgres"). "gunicorn or uwsgi?" alone asks which the articles list. A
    /// "than" counts only where <paramref name="thanCounts"/>: "is flask faster than django on
    /// postgres" compares the subjects.</summary>
    private bool JudgedAgainstAnotherName(string question, List<string> before, List<string> after, bool thanCounts)
    {
        bool IsName(string word) => Read(word).Concepts is [var concept] && IsOtherKnownName(concept);
        return (thanCounts && (ThanAfter(after, 2, IsName) || ThanBefore(before, 2, IsName)))
            || (AsksWhichIsBetter().IsMatch(question) && SetBeside(before, after, IsName));
    }

    [GeneratedRegex(@"\b(?:better|best|faster|fastest|quicker|slower|nicer|easier|simpler|safer|stronger|wins?|prefer|preferred|recommend|recommended|less|more|pick|choose)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsksWhichIsBetter();

    private static readonly HashSet<string> Versus = new(StringComparer.Ordinal) { "or", "vs", "versus" };

    // A plural noun asked for is followed by its verb ("which editors are best", "what laptops do
    // you use"); a verb in "-s" by anything else ("what happens if", "which suits us").
    private static bool IsThirdPersonVerb(string word, List<string> after) =>
        word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !(after is [var next, ..] && Auxiliaries.Contains(next));

    private static readonly HashSet<string> Auxiliaries = new(StringComparer.Ordinal)
        { "is", "are", "was", "were", "do", "does", "did", "should", "would", "could", "can", "will", "might", "must", "have", "has" };

    /// <summary>
    /// The word the articles never use (an everyday word or a name, as typed) that names what a
    /// how-to question asks to make, do or set up ("how do I write a django signal handler", "how
    /// do I set up SSO with okta", "what's the command to create a superuser"), what a question
    /// opening with "best" or "good" asks for ("best laptop for programming") or what the thing
    /// judged is for ("a good python library for scraping websites"), what a request asks to be
    /// made, shown or recommended ("write me a poem about flask", "walk me through adding celery",
    /// "can you recommend a theme for the admin", "anyone have a helm chart for django"), or the
    /// price a question asks ("how much does heroku cost per month"). Subjects' names and the
    /// domain's words ("python") in between say where, not what; a participle ("a trained model")
    /// describes the thing, which comes after it.
    /// </summary>
    private string? UnmentionedThingAskedAbout(string question, IReadOnlyList<Concept> concepts) =>
        UnknownAsTyped(concepts).Where(concept => !concept.IsSynonymGroup)
            .Select(concept => (Concept: concept, Word: TypedWord(question, concept)))
            .FirstOrDefault(typed => typed.Word is { } word && !IsParticiple(word) && !OpeningJudgements.Contains(word) && !Prepositions.Contains(word)
                && (OpensWithHowToOrBest(WordsBefore(question, typed.Concept.Span)) || AsksThePrice(question, typed.Concept)
                    // Typed twice, the how-to may come second: "... throws CORS errors, how do i
                    // configure flask-cors".
                    || typed.Concept.LastStart > typed.Concept.Span.Start && OpensWithHowToOrBest(WordsBefore(question, (typed.Concept.LastStart, typed.Concept.LastStart)))))
            .Word
        ?? UnmentionedIdentifier(question, concepts)
        ?? UnmentionedPlaceToDeploy(question);

    /// <summary>"the diff between select_related and prefetch_related", "what's the default of
    /// CONN_MAX_AGE", "--parallel": a name from code the articles never write, however it is
    /// cased, is a detail of an API past what a comparison of frameworks says, however near in
    /// meaning a passage about the ORM comes. One given as an example of a thing ("form helpers
    /// like rails form_with") only says what is meant.</summary>
    private string? UnmentionedIdentifier(string question, IReadOnlyList<Concept> concepts) =>
        UnknownAsTyped(concepts)
            .Select(concept => (Word: TypedWord(question, concept), Before: WordsBefore(question, concept.Span)))
            .FirstOrDefault(typed => typed.Word is { } word && word.Trim('_').Contains('_')
                && !(typed.Before is [.., "like"] or [.., "like", _] or [.., "such", "as"]))
            .Word
        ?? UnmentionedCommandLineFlag(question);

    /// <summary>"run the tests with --parallel": a command's option is code too.</summary>
    private string? UnmentionedCommandLineFlag(string question) =>
        CommandLineFlag().Matches(question).Take(MaxFlagsRead)
            .Select(flag => flag.Value)
            .FirstOrDefault(flag => !_parser.Parse(flag.TrimStart('-')).Concepts.Any(IsKnown));

    private const int MaxFlagsRead = 10;

    [GeneratedRegex(@"(?<!\S)--[a-z][a-z0-9-]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommandLineFlag();

    /// <summary>"how do i deploy a flask app on vercel", "how to host django on netlify": how to
    /// put an app on a platform the articles never mention is past what they say, however much
    /// they say about deploying in general.</summary>
    private string? UnmentionedPlaceToDeploy(string question)
    {
        var asked = HowToDeployTo().Match(question);
        if (!asked.Success)
            return null;
        var place = asked.Groups["place"].Value.ToLowerInvariant();
        return !StopWords.Contains(place) && _index.DocumentFrequency(TermOf(place)) == 0 && !_parser.Parse(place).Concepts.Any(IsKnown) ? place : null;
    }

    [GeneratedRegex(@"\bhow\s+(?:(?:do|can|should|would|could)\s+(?:i|you|u|we|one)|to)\s+(?:deploy|host|ship|publish|upload|push)\b[^?.!,;]*?\b(?:to|on|onto|into)\s+(?:an?\s+|the\s+|my\s+|our\s+)?(?<place>[\w-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HowToDeployTo();

    /// <summary>"How much does a small droplet cost", "how much is the price of ...": the
    /// articles price nothing, so what a thing costs is past them whatever the thing is.</summary>
    private static bool AsksThePrice(string question, Concept concept) =>
        PriceWords.Contains(concept.Term) && WordsBefore(question, concept.Span) is var before
        && before.Zip(before.Skip(1)).Any(pair => pair is ("how", "much"));

    /// <summary>
    /// The words that report a fault ("crashes", "KeyError", "not working", "502 bad gateway",
    /// "renders blank", "times out", "req.body is undefined", "returns None", "keeps restarting",
    /// "crash loop"), when the question also asks why or how to fix it ("any idea why", "how do i
    /// fix", "help", "any ideas?", "how do i debug that"): the articles compare frameworks and
    /// never troubleshoot one. A fault alone is a topic they may cover ("does flask have good
    /// error handling"), and so is a why about something not a fault ("my django app is slow
    /// under load, any idea why").
    /// </summary>
    private static string? FaultToTroubleshoot(string question)
    {
        var fault = FaultReport().Match(question);
        return fault.Success && FixAsked().IsMatch(question) ? fault.Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"\b(?:(?:restart|crash|boot) ?loops?|\w*errors?|\w*exceptions?|(?:keeps? )?throw(?:s|ing|n)|traceback|stack ?trace|crash(?:es|ed|ing)?|broken|bugs?|fails|failing|failed|hangs|freezes|(?:isn'?t|aren'?t|not|stopped|doesn'?t|won'?t) work(?:ing|s)?|won'?t (?:start|run|load)|unexpected(?:ly)?|times? out|timing out|timeouts?|leak(?:s|ing)?|segfaults?|undefined|(?:is|are|returns?|returning|comes? back|came back) (?:none|null|nil)|bad gateway|gateway timeout|internal server error|service unavailable|[45]0\d (?:errors?|responses?|status|pages?|not found|forbidden)|(?:renders?|rendering|shows?|showing|comes? out|returns?|returning|is|are) (?:blank|empty)|blank (?:page|screen)|white screen|keeps? (?:restarting|dying|rebooting|reloading|getting killed)|oom ?killed|out of memory)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FaultReport();

    /// <summary>"how many gunicorn workers", "how many servers does instagram run": a count of
    /// things no passage counts (of the words after "how many", none ever follows a number in an
    /// article) is past what the articles say, however near in meaning a passage comes.</summary>
    private string? CountAsked(string question)
    {
        var asked = CountQuestion().Match(question);
        if (!asked.Success)
            return null;
        // The thing counted and the words that describe it, up to the verb: "how many (more)
        // req/s are we talking", "how many gunicorn workers should i set".
        var counted = Tokenizer.Words(asked.Groups["counted"].Value, maxWords: 20)
            .SkipWhile(StopWords.Contains).TakeWhile(word => !StopWords.Contains(word)).Take(MaxCountedWords).ToList();
        return counted.Count > 0 && !counted.Any(word => _countedTerms.Contains(TermOf(word)))
            ? $"how many {string.Join(' ', counted)}"
            : null;
    }

    private const int MaxCountedWords = 3;

    [GeneratedRegex(@"\bhow\s+many\s+(?<counted>[^?.!,;]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountQuestion();

    [GeneratedRegex(@"\b\d[\d,.]*\+?\s+(?<counted>[A-Za-z]+(?:[\s-]+[A-Za-z]+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex CountInText();

    [GeneratedRegex(@"\b(?:19|20)\d\d\b", RegexOptions.CultureInvariant)]
    private static partial Regex YearInText();

    private static string? CurrentFactAsked(string question) =>
        CurrentFact().Match(question) is { Success: true } current ? current.Value.ToLowerInvariant() : null;

    // What holds today: the latest or next release, the current LTS, when support ends. Not "the
    // latest trends" (the articles' own), "django 3.0+" (a release they name is theirs to answer),
    // "the current version of our app" or "our next release" (the asker's own).
    [GeneratedRegex(@"\b(?<!\b(?:our|my|your|their)\s+)(?:(?:latest|current|newest|most recent|upcoming|next)\s+(?:\w+\s+)?(?:versions?|releases?|lts)(?!\s+of\s+(?:our|my|your|their|this|the|a|an)\b)|end[- ]of[- ]life|eol)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CurrentFact();

    [GeneratedRegex(@"\b(?:fix|fixing|fixed|help|idea why|why (?:does|do|is|am|are|did|would|my)|solve|resolve|debug|debugging|troubleshoot|workaround|get rid of|get past|any ideas?|ideas\?|what(?:'s| is) wrong|doing wrong|what causes|how come)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FixAsked();

    private bool IsUnusedEverydayWord(string word) => _parser.Parse(word).Concepts is [var concept] && UnusedEverydayWords([concept]).Any();

    private IEnumerable<Concept> UnusedEverydayWords(IReadOnlyList<Concept> concepts) =>
        UnknownAsTyped(concepts).Where(concept => !concept.IsName && !concept.IsSynonymGroup);

    /// <summary>The concepts the articles never use, as typed (no typo of a word they do use) and
    /// naming no subject: everyday words, names, and topics of the vocabulary they never hold.</summary>
    private IEnumerable<Concept> UnknownAsTyped(IReadOnlyList<Concept> concepts) =>
        concepts.Where(concept => concept.Subject is null && concept.Typed is null && !IsKnown(concept));

    private bool OpensWithHowToOrBest(List<string> before)
    {
        // What comes between the opening and the word: articles, particles, participles, subjects,
        // the domain.
        bool IsBetween(string word) => ObjectLeadIn.Contains(word) || IsParticiple(word) || IsSubjectOrDomainWord(word);
        var opening = before.FindLastIndex(word => !IsBetween(word));
        // "how do I write a ...", "how can we set up the ...", "how to build a ...": the thing may
        // end a name of a few words the articles do use ("how do i spin up a postgres service
        // container"), so the verb is looked for before them too.
        if (VerbsBeforeTheThing(before, opening, IsBetween).Any(verb => verb >= 3 && before[verb - 3] == "how"
                && HowToAuxiliaries.Contains(before[verb - 2]) && HowToAskers.Contains(before[verb - 1])
            || verb >= 2 && before[verb - 2] == "how" && before[verb - 1] == "to"))
            return true;
        return opening switch
        {
            // "what's the command to create a superuser", "the steps to set up a ..."
            >= 2 when Instructions.Contains(before[opening - 2]) && before[opening - 1] == "to" => true,
            // "cleanest way to flatten a list", "the best way to ...": not "a way to fire fake
            // requests", which asks whether there is one.
            >= 3 when before[opening - 2] is "way" or "ways" && before[opening - 1] == "to" && WaysJudged.Contains(before[opening - 3]) => true,
            // "best laptop for ...", "what's a good editor ..."
            >= 0 when OpeningJudgements.Contains(before[opening]) && before.Take(opening).All(word => QuestionOpenings.Contains(word)) => true,
            // "what's a good python library for scraping ...", "best framework for blockchain": what
            // the thing judged is for
            >= 1 when before[opening] == "for" && before.FindIndex(OpeningJudgements.Contains) is var judged and >= 0
                && opening - judged <= MaxWordsJudgedBeforeFor && before.Take(judged).All(word => QuestionOpenings.Contains(word)) => true,
            // "is there a flask equivalent of django signals": what the equivalent is asked of
            >= 1 when before[opening] is "of" or "to" or "for" && Equivalents.Contains(before[opening - 1]) => true,
            // "write me a poem about ...", "tell me a joke ..."
            1 when before[1] == "me" && MadeToOrder.Contains(before[0]) => true,
            // "walk me through adding celery ...", "talk us through setting up ..."
            >= 3 when WalkThrough.Contains(before[opening - 3]) && before[opening - 2] is "me" or "us" && before[opening - 1] == "through"
                && before[opening].EndsWith("ing", StringComparison.Ordinal) => true,
            // "can you recommend a theme for ...", "suggest a host for ..."
            >= 0 when Recommending.Contains(before[opening]) && before.Take(opening).All(word => RequestOpenings.Contains(word)) => true,
            // "anyone have a helm chart ...", "does anybody know a decent tool ..."
            _ when before.FindLastIndex(word => !ObjectLeadIn.Contains(word) && !OpeningJudgements.Contains(word)) is var asked and >= 1
                && AskedOfTheRoom.Contains(before[asked]) && Askers.Contains(before[asked - 1]) => true,
            _ => false,
        };
    }

    /// <summary>Where the verb of "how do I (verb) ... thing" may be: the opening word, or a word
    /// before up to <see cref="MaxWordsNamingWithTheThing"/> words the articles use that name the
    /// thing with it ("postgres service container"); never across a word they do not use or a
    /// little word ("with", "for") that starts another part of the sentence.</summary>
    private IEnumerable<int> VerbsBeforeTheThing(List<string> before, int opening, Func<string, bool> isBetween)
    {
        for (var (verb, naming) = (opening, 0); verb >= 0; verb = before.FindLastIndex(verb - 1, word => !isBetween(word)), naming++)
        {
            // A verb takes its thing after an article or a subject ("spin up a postgres ...", "make
            // flask sessions ..."), not straight after ("how do u guys handle db schema ...").
            if (naming == 0 || isBetween(before[verb + 1]))
                yield return verb;
            if (verb == 0 || naming == MaxWordsNamingWithTheThing || StopWords.Contains(before[verb])
                || !(Read(before[verb]).Concepts is [var concept] && IsKnown(concept)))
                yield break;
        }
    }

    private const int MaxWordsNamingWithTheThing = 2;

    private static readonly HashSet<string> Equivalents = new(StringComparer.Ordinal)
        { "equivalent", "equivalents", "counterpart", "counterparts", "analog", "analogs", "analogue", "analogues" };

    // Never the thing asked about, though the articles may never use them: "put a model behind a
    // web page" asks about the model.
    private static readonly HashSet<string> Prepositions = new(StringComparer.Ordinal)
        { "behind", "beside", "besides", "beneath", "beyond", "inside", "outside", "onto", "upon", "toward", "towards", "via", "within", "without", "across", "along", "alongside", "around", "amid", "among", "throughout", "per" };

    private static bool IsParticiple(string word) => word.Length > 4 && word.EndsWith("ed", StringComparison.OrdinalIgnoreCase);

    private bool IsSubjectOrDomainWord(string word) =>
        _parser.Parse(word).Concepts is [var concept] && IsSubjectOrDomainTerm(concept);

    private bool IsSubjectOrDomainTerm(Concept concept) => concept.Subject is not null || _domainTerms.Contains(concept.Term);

    // A name the articles use ("sqlalchemy", which they only ever write as "SQLAlchemy").
    private bool IsKnownNameWord(string word) =>
        _parser.Parse(word).Concepts is [var concept] && concept.IsName && IsKnown(concept);

    // The "s" of a possessive ("flask's g object") leads in as "the" does.
    private static readonly HashSet<string> ObjectLeadIn = new(StringComparer.Ordinal) { "a", "an", "the", "my", "our", "some", "up", "out", "s" };
    private static readonly HashSet<string> HowToAuxiliaries = new(StringComparer.Ordinal) { "do", "can", "should", "would", "could" };
    private static readonly HashSet<string> Instructions = new(StringComparer.Ordinal) { "command", "commands", "steps", "syntax", "snippet" };
    private static readonly HashSet<string> WaysJudged = new(StringComparer.Ordinal)
        { "best", "cleanest", "easiest", "simplest", "quickest", "fastest", "proper", "right", "correct", "recommended", "preferred", "idiomatic", "standard", "pythonic" };
    private static readonly HashSet<string> HowToAskers = new(StringComparer.Ordinal) { "i", "you", "u", "we", "one" };
    private static readonly HashSet<string> MadeToOrder = new(StringComparer.Ordinal) { "write", "compose", "draw", "sing", "generate", "tell", "paint" };
    private const int MaxWordsJudgedBeforeFor = 3;
    private static readonly HashSet<string> WalkThrough = new(StringComparer.Ordinal) { "walk", "talk", "take", "guide", "step" };
    private static readonly HashSet<string> Recommending = new(StringComparer.Ordinal) { "recommend", "suggest" };
    private static readonly HashSet<string> RequestOpenings = new(StringComparer.Ordinal) { "can", "could", "would", "you", "u", "please", "pls", "plz", "any", "anyone" };
    // "anyone have a helm chart for ...", "does anybody know a tool for ...", "can someone share a
    // dockerfile for ...": a thing asked of the room.
    private static readonly HashSet<string> Askers = new(StringComparer.Ordinal) { "anyone", "anybody", "someone", "somebody" };
    private static readonly HashSet<string> AskedOfTheRoom = new(Recommending.Concat(["have", "got", "know", "share", "paste", "post", "send"]), StringComparer.Ordinal);
    private static readonly HashSet<string> OpeningJudgements = new(StringComparer.Ordinal) { "best", "good", "decent", "cheap", "recommended" };
    private static readonly HashSet<string> QuestionOpenings = new(StringComparer.Ordinal) { "what", "whats", "what's", "s", "is", "are", "the", "a", "an", "any", "some", "which", "recommend" };

    /// <summary>The names of <paramref name="query"/> mentioned in passing, as typed, each with the
    /// one passage that mentions it (not a word read as another: "streamlit" is not "streamline").</summary>
    private List<PassingMention> PassingMentions(string question, ParsedQuery query) =>
        query.Concepts
            .Where(concept => query.NamedInPassing.Contains(concept.Term) && concept.Typed is null && TypedWord(question, concept) is not null)
            .SelectMany(concept => PassagesUsing(concept.Term).Take(1)
                .Select(passage => new PassingMention(question[concept.Span.Start..concept.Span.End], _index.Knowledge.Passages[passage])))
            .ToList();

    /// <summary>Whether one passage only uses the term, and only in its text: not in a heading, as
    /// the thing the passage is about ("Gamma Realtime"), nor as the name of a source.</summary>
    private bool MentionedInPassing(string term) =>
        _index.DocumentFrequency(term) == 1
        && PassagesUsing(term).Select(_index.TermsOf).All(terms => !terms.Heading.Contains(term) && !terms.Source.Contains(term));

    /// <summary>The passages that use the term, in heading, text or source.</summary>
    private IEnumerable<int> PassagesUsing(string term) =>
        Enumerable.Range(0, _index.Knowledge.Passages.Count).Where(passage => _index.TermsOf(passage).Contains(term));

    /// <summary>Whether the question is about the subjects: it names one, asks which one, or points
    /// back at the subjects of the conversation ("does it scale", "can I run either of them in
    /// Docker", "where does config live in each"). "Both" followed by "X and Y" names its own two
    /// ("a shop that knows both ruby and php"). Without <paramref name="whichCounts"/>, "which"
    /// does not point back: it may ask which of two things just named ("pyramid vs bottle, which
    /// is better"). "It" after a name the articles never mention, or only in passing, stands for
    /// that name ("does fastapi use pydantic, and how does its dependency injection work").</summary>
    private bool IsAboutTheSubjects(string question, IReadOnlyList<Concept> concepts, bool whichCounts = true)
    {
        if (concepts.Any(concept => concept.Subject is not null))
            return true;
        var words = Tokenizer.Words(question);
        // Only where there is an "it" to place is the other name looked for, and only where there
        // is one are the words before it read.
        var otherName = !words.Any(Pronouns.Contains) ? question.Length
            : concepts.Where(concept => concept.IsName && concept.Typed is null && (!IsKnown(concept) || MentionedInPassing(concept.Term)))
                .Select(concept => concept.Span.Start).DefaultIfEmpty(question.Length).Min();
        var pronounsBeforeTheName = otherName >= question.Length ? words.Count : Tokenizer.Words(question[..Math.Max(0, otherName)]).Count;
        return words.Where((word, i) => (SubjectWords.Contains(word) && (whichCounts || word != "which")
            && !(word == "both" && i + 2 < words.Count && words[i + 2] == "and")
            && !(Pronouns.Contains(word) && i >= pronounsBeforeTheName))
            || (word is "these" or "those" && PointsBackOnItsOwn(words, i))).Any();
    }

    // Singular: "they" and "them" after names still stand for the two subjects ("can i put these
    // behind nginx or gunicorn or do they need a special server").
    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal) { "it", "its" };

    /// <summary>"these" or "those" that stands for the things ("are the docs good for these?", "can i
    /// host these on heroku", "these two"), not one that goes with a noun ("these days").</summary>
    private static bool PointsBackOnItsOwn(List<string> words, int at) =>
        at + 1 == words.Count || words[at + 1] is "two" or "2" or "frameworks" or "ones" || StopWords.Contains(words[at + 1]);

    private static readonly string[] JudgingWords = ["best for", "best", "better", "good", "great", "new", "newest", "latest", "difference", "different", "compare", "comparison", "recommend", "fit", "fits", "suit", "suits", "suited"];

    private static readonly HashSet<string> SubjectWords = new(StringComparer.Ordinal) { "which", "it", "its", "they", "them", "their", "either", "both", "each" };

    private static readonly HashSet<string> Alternatives = new(StringComparer.Ordinal) { "or", "vs", "versus", "than", "over" };

    /// <summary>Whether the words at <paramref name="span"/> are one side of a choice or a
    /// comparison: "X or Django", "Django vs X", "X is faster than Flask", "better than X".</summary>
    private static bool OfferedAsAlternative(string question, (int Start, int End) span)
    {
        var before = WordsBefore(question, span);
        var after = span.End >= 0 && span.End < question.Length ? Tokenizer.Words(question[span.End..], maxWords: 3) : [];
        return (before.Count > 0 && Alternatives.Contains(before[^1]))
            || (after.Count > 0 && Alternatives.Contains(after[0]))
            // "X faster than", "X is better than"
            || after.Take(3).Skip(1).Contains("than");
    }

    /// <summary>The words of the question before <paramref name="span"/>.</summary>
    private static List<string> WordsBefore(string question, (int Start, int End) span) =>
        span.Start > 0 && span.Start <= question.Length ? Tokenizer.Words(question[..span.Start]) : [];

    private static List<string> WordsAfter(string question, (int Start, int End) span) =>
        span.End >= 0 && span.End < question.Length ? Tokenizer.Words(question[span.End..]) : [];

    /// <summary>The index term of a comparative or superlative's base form when the articles use
    /// that and not the form typed: choice questions compare ("safer", "easier", "bigger",
    /// "simplest"), and the stemmer leaves those endings on.</summary>
    private string? BaseFormTerm(string? typed)
    {
        // A whole word of the vocabulary is only itself: "customer" is no comparative of "custom".
        if (typed is null || typed.Length < 5 || !typed.All(char.IsLetter) || _index.Knowledge.Vocabulary.WholeWords.Contains(typed))
            return null;
        foreach (var candidate in BaseForms(typed))
        {
            var term = TermOf(candidate);
            if (candidate.Length >= 3 && _index.DocumentFrequency(term) > 0)
                return term;
        }
        return null;
    }

    private static IEnumerable<string> BaseForms(string word)
    {
        foreach (var (ending, length) in new[] { ("iest", 4), ("ier", 3), ("est", 3), ("er", 2) })
        {
            if (!word.EndsWith(ending, StringComparison.Ordinal))
                continue;
            var stem = word[..^length];
            if (ending.StartsWith('i'))
            {
                yield return stem + "y";        // easier, easiest: easy
                continue;
            }
            yield return stem + "e";            // safer, simplest: safe, simple
            yield return stem;                  // faster: fast
            if (stem.Length > 2 && stem[^1] == stem[^2])
                yield return stem[..^1];        // bigger: big
        }
    }

    private static string? TypedWord(string question, Concept concept)
    {
        var (start, end) = concept.Span;
        return start >= 0 && end <= question.Length && start < end ? question[start..end].ToLowerInvariant() : null;
    }

    /// <summary>
    /// The index term a misspelt word means: the index term nearest its stem, or the term of the
    /// article word nearest it as written, whichever word is nearer to what was typed. A stem can be
    /// near by accident: "begginers" stems to "beggin", one edit from "begin", while the word meant,
    /// "beginners", is one doubled letter away.
    /// </summary>
    private string? NearestTerm(string term, string? typed, int maxEdits)
    {
        // A stem is held to the edits its own length allows: "originally" may take two, but its
        // stem "origin" is not two edits from "organ" (of "organizations").
        var byStem = _index.NearestTerm(term, Math.Min(maxEdits, AllowedEdits(term.Length)));
        var asWritten = NearestArticleWord(typed, maxEdits);
        if (byStem is null || asWritten is null || typed is null || byStem == asWritten)
            return byStem ?? asWritten;
        return TypoDistance(_wordByTerm.GetValueOrDefault(asWritten, asWritten), typed) < TypoDistance(_wordByTerm.GetValueOrDefault(byStem, byStem), typed)
            ? asWritten
            : byStem;
    }

    /// <summary>The index term of the article word nearest to <paramref name="typed"/> as written,
    /// within <paramref name="maxEdits"/> edits and with the same first letter (as the fuzzy
    /// query over index terms has it): the fewest edits first, then the commonest term.</summary>
    private string? NearestArticleWord(string? typed, int maxEdits)
    {
        if (typed is null || maxEdits <= 0)
            return null;
        return _articleWords[typed[0]]
            .Where(candidate => Math.Abs(candidate.Word.Length - typed.Length) <= maxEdits && candidate.Word != typed)
            .Select(candidate => (candidate.Term, Edits: TypoDistance(candidate.Word, typed)))
            .Where(candidate => candidate.Edits <= maxEdits)
            .OrderBy(candidate => candidate.Edits)
            .ThenByDescending(candidate => _index.DocumentFrequency(candidate.Term))
            .ThenBy(candidate => candidate.Term, StringComparer.Ordinal)
            .Select(candidate => candidate.Term)
            .FirstOrDefault()
            ?? LongerArticleWord(typed);
    }

    /// <summary>The index term of the article word that <paramref name="typed"/> begins, a few
    /// letters short: names are often typed short ("postgres" for "PostgreSQL"). Only for words
    /// long enough that few others begin the same way; the shortest such word, then the commonest.</summary>
    private string? LongerArticleWord(string typed)
    {
        if (typed.Length < MinShortenedLength)
            return null;
        return _articleWords[typed[0]]
            .Where(candidate => candidate.Word.Length > typed.Length && candidate.Word.Length - typed.Length <= MaxLettersLeftOff
                && candidate.Word.StartsWith(typed, StringComparison.Ordinal))
            .OrderBy(candidate => candidate.Word.Length)
            .ThenByDescending(candidate => _index.DocumentFrequency(candidate.Term))
            .ThenBy(candidate => candidate.Term, StringComparer.Ordinal)
            .Select(candidate => candidate.Term)
            .FirstOrDefault();
    }

    private const int MinShortenedLength = 6;
    private const int MaxLettersLeftOff = 3;

    /// <summary>A subject's name one edit (a transposition is one) from a short word ("falsk",
    /// "flsk", "djano"): names are what people mistype most, and few words are that close to them.</summary>
    private string? NearestSubjectName(string term)
    {
        if (term.Length < MinSubjectTypoLength)
            return null;
        return _subjectNames.FirstOrDefault(name => name[0] == term[0] && Math.Abs(name.Length - term.Length) <= 1 && Typos.EditDistance(name, term) == 1);
    }

    private const int MinSubjectTypoLength = 4;

    /// <summary>The stop word that a word the articles never use is a mistyping of ("beter", "wich",
    /// "shoud"): read as one, it says nothing about the topic, where as an unknown word it made the
    /// question look half unknown ("which has beter securty" was declined). A slip of a stop word
    /// of four letters or more (a letter left out, added or swapped), not one letter for another:
    /// "year" is not "yeah", nor "copes" "comes".</summary>
    private static string? MistypedStopWord(string? typed) =>
        typed is { Length: >= MinStopWordTypoLength } && typed.All(char.IsLetter)
        && StopWordsByFirstLetter.Value.TryGetValue(typed[0], out var words)
            ? words.FirstOrDefault(word => Math.Abs(word.Length - typed.Length) <= 1 && Typos.IsSlip(word, typed))
            : null;

    private const int MinStopWordTypoLength = 4;

    private static readonly Lazy<Dictionary<char, string[]>> StopWordsByFirstLetter = new(() =>
        StopWords.All.Where(word => word.Length >= MinStopWordTypoLength).Distinct(StringComparer.Ordinal)
            .GroupBy(word => word[0]).ToDictionary(group => group.Key, group => group.ToArray()));

    /// <summary>How far a typed word is from a word as written: its <see cref="EditDistance"/>, or
    /// one for a letter doubled in the wrong place ("begginers", "adress") plus the edits left
    /// once doubled letters are read as one, whichever is less.</summary>
    private static int TypoDistance(string word, string typed)
    {
        var (single, typedSingle) = (Typos.WithoutDoubledLetters(word), Typos.WithoutDoubledLetters(typed));
        var edits = Typos.EditDistance(word, typed);
        return single.Length == word.Length && typedSingle.Length == typed.Length ? edits : Math.Min(edits, 1 + Typos.EditDistance(single, typedSingle));
    }

    private static int AllowedEdits(int wordLength) => wordLength switch
    {
        < 6 => 0,
        < 10 => 1,
        _ => 2,
    };

    /// <summary>IDF of a concept (BM25's form): rare concepts weigh more. A word the articles never
    /// use weighs nothing in ranking: no passage holds it, so it cannot tell passages apart, and
    /// counted it would only drown the words that can (confidence counts it instead).</summary>
    private double Weight(Concept concept)
    {
        var documentFrequency = _index.DocumentFrequency(concept.Term);
        if (documentFrequency == 0)
            return 0;
        var passages = _index.PassageCount;
        return Math.Log(1 + (passages - documentFrequency + 0.5) / (documentFrequency + 0.5));
    }

    /// <summary>The weight of the question's concepts a passage contains. A topic named in the
    /// passage's headings counts in full; one only in its text counts for less, since a passage
    /// headed "Routing" is about routing while one that mentions routes in passing may not be.
    /// A synonym group counts in full where the passage uses the asker's own words, less where it
    /// uses only another phrase of the group. (Subjects are weighed by <see cref="SubjectFit"/>
    /// instead; <paramref name="topicOnly"/> leaves them out.)</summary>
    private static double CoveredWeight(ParsedQuery query, List<double> weights, PassageTerms terms, double textOnlyMatch, bool topicOnly)
    {
        double covered = 0;
        for (var i = 0; i < query.Concepts.Count; i++)
        {
            var concept = query.Concepts[i];
            if (weights[i] <= 0 || (topicOnly && concept.Subject is not null))
                continue;
            if (!terms.Contains(concept.Term))
                continue;
            // Only a single typed word is preferred literally: the words of a phrase ("log in")
            // found apart ("logging") are weaker evidence than the phrase's concept.
            var literal = !concept.IsSynonymGroup || concept.Literal.Count != 1 || terms.Contains(concept.Literal[0]);
            var match = literal ? 1 : SynonymMatchCredit;
            var labelled = concept.Subject is null && terms.Labels(concept.Term);
            covered += weights[i] * match * (labelled ? 1 : textOnlyMatch);
        }
        return covered;
    }

    private static double SubjectFit(List<string> askedSubjects, PassageSubjects subjects, double topicCoverage)
    {
        if (askedSubjects.Count == 0)
            return 1;
        // A lift counts as far as the passage holds the topic asked about.
        double Lift(double factor) => 1 + (factor - 1) * topicCoverage;
        if (askedSubjects.Count > 1)
        {
            // A comparison: passages that speak of every subject asked about answer it best.
            return askedSubjects.All(subject => subjects.Heading.Contains(subject) || subjects.Text.Contains(subject)) ? Lift(NamesEveryAskedSubject) : 1;
        }
        var asked = askedSubjects[0];
        if (subjects.Heading.Count > 0)
            return subjects.Heading.Contains(asked) ? Lift(HeadingNamesAskedSubject) : HeadingNamesOtherSubjectOnly;
        if (subjects.Text.Contains(asked))
            return Lift(TextNamesAskedSubject);
        return subjects.Text.Count > 0 ? TextNamesOtherSubjectOnly : 1;
    }
}

/// <summary>Search settings, bound from the "Search" configuration section.</summary>
public sealed class SearchOptions
{
    /// <summary>Most passages a question may ask for: <see cref="DefaultTop"/>, the verbs' --top
    /// and the desk API's top all take 1 to this.</summary>
    public const int MaxTop = 10;

    /// <summary>Passages returned for a question unless the caller asks for another number.</summary>
    public int DefaultTop { get; set; } = 3;

    /// <summary>Below this confidence the bot declines instead of answering.</summary>
    public double MinConfidence { get; set; } = 0.5;

    /// <summary>Below this confidence (and at least <see cref="MinConfidence"/>) the bot answers
    /// with a hedge: the articles only touch on the question.</summary>
    public double HedgeBelow { get; set; } = 0.75;

    /// <summary>Coverage of the question's weight at which the best passage counts as covering it fully.</summary>
    public double FullCoverage { get; set; } = 0.6;

    /// <summary>Rank by meaning too, with the local sentence-embedding model; off, by words alone.</summary>
    public bool Semantic { get; set; } = true;

    /// <summary>Run the embedding model with its weights in int8 (made from the packaged model as
    /// it loads, see <see cref="Int8Quantization"/>): cheaper per question, vectors close to but
    /// not the same as the float model's.</summary>
    public bool QuantizedModel { get; set; }

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

    /// <summary>Runs of the embedding model that may go at once, each on a thread of its own.</summary>
    public int QuestionWorkers { get; set; } = DefaultQuestionWorkers;

    // Measured on two cores, 32 questions at a time (README "Measuring"): processor time per
    // question 10.5 ms alone, 5.7 in runs of at most 4, 5.2 in runs of 16 and of 32, so 16; a
    // wait of 0, 1 or 2 ms made no difference TurnBench could see on the shared machine, and 1 ms
    // lets companions arriving just after join without delaying a lone question noticeably.
    public const int DefaultQuestionBatchSize = 16;
    public static readonly TimeSpan DefaultQuestionBatchWait = TimeSpan.FromMilliseconds(1);

    // 4,096 vectors of 384 floats: about 6 MB.
    public const int DefaultQuestionCacheSize = 4_096;

    // One run per core the process may use. With a single run at a time the model was the turn's
    // bottleneck under load: its thread got about four fifths of a core, shared with the threads
    // of the turns waiting for it, while the machine had a core's worth of time left over. Two on
    // two cores, measured side by side in TurnBench (README "Measuring"): 196 to 229 turns/s
    // against 156 to 184 with one, at the same processor time per turn.
    public static readonly int DefaultQuestionWorkers = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Where passage vectors come from under these options: null when semantics are off.</summary>
    public EmbeddingSource? Embeddings() => Semantic
        ? new EmbeddingSource(SentenceEmbedder.For(new QuestionEmbedding(QuestionBatchSize, QuestionBatchWait, QuestionCacheSize, QuestionWorkers), QuantizedModel),
            string.IsNullOrWhiteSpace(VectorCache) ? null : new VectorCache(VectorCache))
        : null;
}
