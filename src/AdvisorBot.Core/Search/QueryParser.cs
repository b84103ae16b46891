using System.Text.RegularExpressions;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Turns a question into concepts with <see cref="KnowledgeAnalyzer"/>, the chain the passages
/// were indexed with: each synonym group the question uses (ORM = object-relational mapper) is one
/// concept, and so is each remaining content word. A concept that names a subject (Django, Flask)
/// says so. Nothing a user types is ever read as query syntax: the index is queried with these
/// terms alone.
/// </summary>
public sealed partial class QueryParser
{
    /// <summary>Words of a question that are read; the rest of a very long text is ignored.</summary>
    public const int MaxWords = 200;

    /// <summary>Concepts a query keeps; more add nothing to finding a passage.</summary>
    public const int MaxConcepts = 32;

    private readonly KnowledgeAnalyzer _analyzer;
    private readonly Dictionary<string, string> _subjectByTerm = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> _namesInArticles;
    private readonly List<(string Term, Regex Phrase)> _askedAs;
    private readonly List<(string Term, string[] Parts)> _together;
    private readonly List<(string Topic, string Beside, string As)> _readBeside;

    /// <param name="namesInArticles">Terms the articles only ever write as names ("FastAPI",
    /// "Spotify"): chat types names in lower case, so "fastapi" is a name too.</param>
    public QueryParser(KnowledgeAnalyzer analyzer, Vocabulary vocabulary, IReadOnlySet<string>? namesInArticles = null)
    {
        _analyzer = analyzer;
        _namesInArticles = namesInArticles ?? new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in vocabulary.Subjects)
        {
            foreach (var name in subject.Names)
            {
                foreach (var concept in Concepts(name))
                    _subjectByTerm.TryAdd(concept.Term, subject.Name);
            }
        }
        _askedAs = vocabulary.AskedAs
            .SelectMany(group => group.Value.Select(phrase => (KnowledgeAnalyzer.ConceptTerm(group.Key), PhrasePattern(phrase, wordBetween: true))))
            .ToList();
        _readBeside = vocabulary.ReadBeside
            .Select(rule => (KnowledgeAnalyzer.ConceptTerm(rule.Topic), KnowledgeAnalyzer.ConceptTerm(rule.Beside), KnowledgeAnalyzer.ConceptTerm(rule.As)))
            .ToList();
        _together = vocabulary.Together
            .Select(group => (KnowledgeAnalyzer.ConceptTerm(group.Key), group.Value.Select(KnowledgeAnalyzer.ConceptTerm).ToArray()))
            .ToList();
    }

    /// <summary>A phrase of the vocabulary as typed in a question: its words in order, whatever the
    /// case and the punctuation between them; with <paramref name="wordBetween"/>, one other word
    /// allowed between any two of them ("who actually uses", "who here runs").</summary>
    public static Regex PhrasePattern(string phrase, bool wordBetween) =>
        new(@"\b" + string.Join(wordBetween ? @"\W+(?:\w+\W+)?" : @"\W+", Tokenizer.Words(phrase).Select(Regex.Escape)) + @"\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>The subject a term names, if any.</summary>
    public string? SubjectOf(string term) => _subjectByTerm.GetValueOrDefault(term);

    /// <summary>The subjects named among <paramref name="terms"/>.</summary>
    public HashSet<string> SubjectsIn(IEnumerable<string> terms) =>
        terms.Select(SubjectOf).OfType<string>().ToHashSet(StringComparer.Ordinal);

    public ParsedQuery Parse(string question)
    {
        var text = question ?? "";
        var concepts = Concepts(text).Take(MaxConcepts).ToList();
        // The topics asked for in a question's own way ("who runs flask": its well-known users),
        // which its words alone would not say. As with a synonym's phrase, the words are read as
        // the concept, not on their own ("runs" is not a topic there).
        foreach (var (term, phrase) in _askedAs)
        {
            if (concepts.Any(concept => concept.Term == term) || phrase.Match(text) is not { Success: true } match)
                continue;
            var span = (Start: match.Index, End: match.Index + match.Length);
            concepts.RemoveAll(concept => concept.Within(span));
            if (concepts.Count < MaxConcepts)
                concepts.Add(new Concept(term, null, match.Length, IsSynonymGroup: true) { Span = span });
        }
        ReplaceTopicsNamedTogether(concepts);
        return new ParsedQuery(WithTopicsReadBeside(concepts));
    }

    /// <summary>Topics that, named together, make another ("a mix of juniors and a couple seniors":
    /// mixed skill levels; see <see cref="Vocabulary.Together"/>) replaced by that one, where the
    /// first of them was: each alone would find passages about itself.</summary>
    private void ReplaceTopicsNamedTogether(List<Concept> concepts)
    {
        foreach (var (term, parts) in _together)
        {
            var named = parts.Select(part => concepts.FirstOrDefault(concept => concept.Term == part)).OfType<Concept>().ToList();
            if (named.Count < parts.Length || concepts.Any(concept => concept.Term == term))
                continue;
            var first = named.MinBy(concept => concept.Span.Start)!;
            var index = concepts.IndexOf(first);
            concepts.RemoveAll(named.Contains);
            concepts.Insert(Math.Min(index, concepts.Count), new Concept(term, null, named.Sum(concept => concept.TypedLength), IsSynonymGroup: true)
            {
                Span = (first.Span.Start, named.Max(concept => concept.Span.End)),
                Literal = named.SelectMany(concept => concept.Literal).ToList(),
            });
        }
    }

    /// <summary>Each topic that means another beside a third read as that other ("fastest" beside a
    /// demo: how fast it is built; see <see cref="Vocabulary.ReadBeside"/>). The searcher applies it
    /// again once typos and comparatives are read ("fastest" is "fast" then).</summary>
    public List<Concept> WithTopicsReadBeside(IReadOnlyList<Concept> concepts)
    {
        var read = concepts.ToList();
        foreach (var (topic, beside, readAs) in _readBeside)
        {
            var at = read.FindIndex(concept => concept.Term == topic);
            if (at < 0 || read.All(concept => concept.Term != beside))
                continue;
            // Read as a topic the question already has, it is that one, once.
            if (read.Any(concept => concept.Term == readAs))
                read.RemoveAt(at);
            else
                read[at] = read[at] with { Term = readAs };
        }
        return read;
    }

    private IEnumerable<Concept> Concepts(string text)
    {
        var tokens = _analyzer.Analyze(StopWords.WithoutFillerPhrases(text), MaxWords);
        var groups = tokens.Where(token => token.IsConcept).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // A word inside a synonym phrase is read as part of that concept, not on its own; the
        // concept keeps the words as typed, which count for more than the group's other phrases.
        foreach (var token in tokens.Where(token => token.IsConcept || !groups.Any(group => token.Within(group))))
        {
            if (!seen.Add(token.Term))
                continue;
            IReadOnlyList<string> literal = token.IsConcept
                ? tokens.Where(word => !word.IsConcept && word.Within(token)).Select(word => word.Term).Distinct(StringComparer.Ordinal).ToList()
                : [token.Term];
            yield return new Concept(token.Term, SubjectOf(token.Term), token.SourceLength, token.IsConcept, IsName: LooksLikeAName(text, token) || (!token.IsConcept && _namesInArticles.Contains(token.Term)))
            {
                Literal = literal,
                Span = (token.StartOffset, token.EndOffset),
                LastStart = tokens.Where(same => same.Term == token.Term).Max(same => same.StartOffset),
            };
        }
    }

    /// <summary>
    /// The stop words capitalised inside a sentence, as names ("is Go faster than Python"), each
    /// with where it was typed: the analyzer drops them, so a question would be read without the
    /// thing it compares. Not a word of a closed class ("Is", "The", "Will", which a sentence or a
    /// fragment of markup may start), nor where most words are capitalised ("Which One Is Better").
    /// </summary>
    public static IEnumerable<(string Term, (int Start, int End) Span)> StopWordsWrittenAsNames(string text)
    {
        var words = CapitalisedWord().Matches(text);
        if (words.Count * 2 >= Tokenizer.Words(text).Count)
            yield break;
        foreach (Match word in words)
        {
            var term = word.Value.ToLowerInvariant();
            if (StopWords.Contains(term) && !ClosedClassWords.Contains(term) && !StartsASentence(text, word.Index))
                yield return (term, (word.Index, word.Index + word.Length));
        }
    }

    // Pronouns, determiners, auxiliaries, question words, prepositions, conjunctions and the like:
    // capitalised, they start something, and never name a thing.
    private static readonly HashSet<string> ClosedClassWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "this", "that", "these", "those", "my", "your", "our", "their", "its", "his", "her",
        "i", "you", "he", "she", "it", "we", "they", "me", "him", "us", "them",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "done", "have", "has", "had", "having",
        "can", "could", "will", "would", "shall", "should", "may", "might", "must",
        "what", "whats", "which", "who", "whom", "when", "where", "why", "how",
        "and", "or", "but", "nor", "so", "if", "then", "than", "because", "while", "until", "as", "whether",
        "of", "in", "on", "at", "to", "for", "from", "with", "by", "about", "into", "over", "under", "through", "after", "before",
        "between", "against", "during", "up", "down", "out", "off", "above", "below", "vs", "versus",
        "not", "no", "all", "any", "some", "each", "both", "either", "every", "other", "own", "same", "such", "only", "just", "very", "too", "also",
        "please", "thanks", "hi", "hey", "hello", "ok", "okay", "yes", "yeah",
    };

    [GeneratedRegex(@"\b[A-Z][a-z]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedWord();

    /// <summary>
    /// The terms <paramref name="texts"/> write as names (see <see cref="LooksLikeAName"/>) and
    /// never in lower case: the articles' own spelling says "FastAPI" and "Spotify" are names
    /// where a user types "fastapi". A word capitalised only where a sentence or a list item
    /// starts ("- Pyramid: ...", "Quick development") says nothing either way.
    /// </summary>
    public static HashSet<string> NamesWrittenIn(KnowledgeAnalyzer analyzer, IEnumerable<string> texts)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        var lowerCase = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var token in analyzer.Analyze(text).Where(token => !token.IsConcept && token.StartOffset >= 0 && token.EndOffset <= text.Length))
            {
                if (!text.AsSpan(token.StartOffset, token.EndOffset - token.StartOffset).ContainsAnyInRange('A', 'Z'))
                    lowerCase.Add(token.Term);
                else if (LooksLikeAName(text, token))
                    named.Add(token.Term);
            }
        }
        named.ExceptWith(lowerCase);
        return named;
    }

    /// <summary>
    /// True when the words a token came from are written as a name: capitalised inside a sentence
    /// ("a Kubernetes cluster", "Django Unchained") or with more than one capital ("VPN",
    /// "MongoDB"). A question about a named thing the articles never mention is most likely about
    /// something else. The first word of a line, or of a list item on it, starts a sentence.
    /// </summary>
    private static bool LooksLikeAName(string text, AnalyzedToken token)
    {
        if (token.StartOffset < 0 || token.EndOffset > text.Length || token.StartOffset >= token.EndOffset)
            return false;
        var word = text[token.StartOffset..token.EndOffset];
        var capitals = word.Count(char.IsUpper);
        if (capitals >= 2)
            return true;
        if (capitals == 0 || !char.IsUpper(word[0]))
            return false;
        return !StartsASentence(text, token.StartOffset);
    }

    /// <summary>Whether a word at <paramref name="offset"/> starts a sentence, a line or a list
    /// item on it, where a capital says nothing.</summary>
    private static bool StartsASentence(string text, int offset)
    {
        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        if (text.AsSpan(lineStart, offset - lineStart).Trim().TrimStart("-*+•#>0123456789.)").IsEmpty)
            return true;
        var before = text[..offset].TrimEnd();
        return before.Length == 0 || ".!?:;\"'([".Contains(before[^1]);
    }
}

/// <summary>
/// Something a question asks about: an index term (a word's stem or a synonym group's concept
/// term). <see cref="Subject"/> is set when it names a subject; <see cref="TypedLength"/> is the
/// length of the words it was read from; <see cref="Typed"/> is the term as read when fuzzy
/// matching replaced an unknown word with the index's nearest term; <see cref="IsName"/> is set
/// when it was written as a name.
/// </summary>
public sealed record Concept(string Term, string? Subject, int TypedLength, bool IsSynonymGroup, bool IsName = false, string? Typed = null)
{
    /// <summary>The index terms of the words as typed: the term itself for a word, the words of
    /// the phrase for a synonym group ("quick" for the concept of performance), so a passage that
    /// uses the asker's own words can count for more than one that only uses a synonym.</summary>
    public IReadOnlyList<string> Literal { get; init; } = [];

    /// <summary>Whether the fuzzy match is sure: the typed word is long, or a slip of the word as
    /// the articles write it. A short word one letter from another may be that other word.</summary>
    public bool SureTypo { get; init; }

    /// <summary>Where in the question the concept was read from (start, end), for rewriting it.</summary>
    public (int Start, int End) Span { get; init; }

    /// <summary>Where in the question the concept was last read from: a topic named again in the
    /// question asked after the scene is set ("barely any ram, which one is lighter on memory") is
    /// asked about.</summary>
    public int LastStart { get => _lastStart ?? Span.Start; init => _lastStart = value; }

    private readonly int? _lastStart;

    /// <summary>Whether it was read from within <paramref name="span"/> of the question.</summary>
    public bool Within((int Start, int End) span) => Span.Start >= span.Start && Span.End <= span.End;

    /// <summary>How much the concept weighs in the ranking against the rest of the question: less
    /// than 1 in a clause that only sets the scene for the question asked after it.</summary>
    public double Emphasis { get; init; } = 1;
}

public sealed record ParsedQuery(IReadOnlyList<Concept> Concepts)
{
    /// <summary>The question as read: its typos corrected where the index knew better.</summary>
    public string Text { get; init; } = "";

    /// <summary>The text confidence judges by meaning, where it differs from <see cref="Text"/>
    /// (set by the searcher): a question that points back at the subjects is ranked with their
    /// names in place of "these two", one in words no passage uses with the passages' words
    /// ("backoffice": "admin"), and both are judged as typed (the confidence model was fitted so).</summary>
    public string? JudgedText { get; init; }

    /// <summary>Whether it points back at the subjects without naming them ("these two") and is
    /// read with their names in place (set by the searcher).</summary>
    public bool PointsBackAtTheSubjects { get; init; }

    /// <summary>Whether the names in it that the articles never mention are only context around a
    /// question about the subjects (set by the searcher, which knows what the articles mention).</summary>
    public bool NamesAreContext { get; init; }

    /// <summary>The terms of the names it is about that the articles mention only in passing (set
    /// by the searcher): confidence judges them as names the articles never mention.</summary>
    public IReadOnlySet<string> NamedInPassing { get; init; } = new HashSet<string>();

    /// <summary>The terms of everyday words that say what kind of thing the question asks for
    /// ("which laptop"), that the articles never use (set by the searcher): confidence judges them
    /// as it judges names the articles never mention.</summary>
    public IReadOnlySet<string> AskedForUnknown { get; init; } = new HashSet<string>();

    /// <summary>Whether it asks for a thing the articles never name ("which laptop", "rails vs
    /// django") or offers one they name only in passing instead of a subject ("is FastAPI better
    /// than flask", "pyramid vs bottle"), set by the searcher: such a question is answered only
    /// when sure, never with a hedge.</summary>
    public bool AsksBeyondTheArticles { get; init; }

    /// <summary>The term of the everyday word, one the articles never use, that names what a how-to
    /// asks to make or do, what a "best ..." asks for or what a "write me a ..." asks to be made
    /// (set by the searcher): the passages cannot say how to write a signal handler they never
    /// mention, so such a question is declined.</summary>
    public string? UnmentionedThingAskedAbout { get; init; }

    /// <summary>The word or phrase that makes a subject the question names another thing of that
    /// name ("django reinhardt", "an engraved hip flask"; see <see cref="Vocabulary.OtherSenses"/>),
    /// set by the searcher: the articles compare the frameworks, so such a question is declined.</summary>
    public string? OtherSenseOfSubject { get; init; }

    /// <summary>The words that report a fault, when the question reports one and asks why or how to
    /// fix it ("my flask app crashes on startup, any idea why"): comparisons of frameworks do not
    /// troubleshoot, so such a question is declined (set by the searcher).</summary>
    public string? FaultToTroubleshoot { get; init; }

    /// <summary>The words that ask for what holds today ("the latest flask version", "when does it
    /// hit end of life"): articles are written on a day and cannot say, so such a question is
    /// declined (set by the searcher).</summary>
    public string? CurrentFactAsked { get; init; }

    /// <summary>The words that ask for a count the articles never give ("how many gunicorn
    /// workers", "how many servers does instagram run"): no passage puts a number before what is
    /// counted, so such a question is declined (set by the searcher).</summary>
    public string? CountAsked { get; init; }

    /// <summary>The term of a name the articles never mention that the question sets against a
    /// subject or the domain ("is Rust faster than Python"), set by the searcher: the articles
    /// cannot compare with what they never discuss, so such a question is declined.</summary>
    public string? UnknownNameCompared { get; init; }

    public bool IsEmpty => Concepts.Count == 0;

    public IEnumerable<string> Subjects => Concepts.Select(concept => concept.Subject).OfType<string>();

    public IEnumerable<string> Terms => Concepts.Select(concept => concept.Term);
}
