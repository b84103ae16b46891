using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Turns a question into concepts: each subject it names (Django, Flask), each synonym group it
/// uses (ORM = object-relational mapper), and each remaining content word. Stop words are
/// dropped. The FTS5 query is written from these concepts alone, every term quoted, so nothing a
/// user types is ever read by FTS5 as an operator.
/// </summary>
public sealed class QueryParser
{
    /// <summary>Words of a question that are read; the rest of a very long text is ignored.</summary>
    public const int MaxWords = 200;

    /// <summary>Concepts a query keeps; more add nothing to finding a passage.</summary>
    public const int MaxConcepts = 32;

    private readonly Stemmer _stemmer;
    private readonly List<Group> _groups = [];

    public QueryParser(Vocabulary vocabulary, Stemmer stemmer)
    {
        _stemmer = stemmer;
        foreach (var subject in vocabulary.Subjects)
            _groups.Add(MakeGroup(subject.Names, subject.Name));
        foreach (var synonyms in vocabulary.Synonyms)
            _groups.Add(MakeGroup(synonyms, subject: null));
        // Longest phrases first, so "django rest framework" wins over "django".
        MaxPhraseLength = _groups.SelectMany(group => group.Alternatives).Select(alternative => alternative.Stems.Count).DefaultIfEmpty(1).Max();
    }

    private int MaxPhraseLength { get; }

    public ParsedQuery Parse(string question)
    {
        var words = Tokenizer.Words(question ?? "", MaxWords);
        var stems = words.Select(_stemmer.StemWord).ToList();
        var concepts = new List<Concept>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(Concept concept)
        {
            if (concepts.Count < MaxConcepts && seen.Add(concept.Key))
                concepts.Add(concept);
        }

        for (var i = 0; i < words.Count;)
        {
            var (group, length) = LongestGroupAt(stems, i);
            if (group is not null)
            {
                Add(new Concept(group.Key, group.Alternatives, group.Subject));
                i += length;
                continue;
            }
            if (!StopWords.Contains(words[i]) && !StopWords.Contains(stems[i]))
                Add(new Concept(stems[i], [new Alternative([words[i]], [stems[i]])], Subject: null));
            i++;
        }
        return new ParsedQuery(concepts);
    }

    private (Group? Group, int Length) LongestGroupAt(List<string> stems, int start)
    {
        for (var length = Math.Min(MaxPhraseLength, stems.Count - start); length >= 1; length--)
        {
            foreach (var group in _groups)
            {
                if (group.Alternatives.Any(alternative => alternative.Stems.Count == length && Matches(alternative.Stems, stems, start)))
                    return (group, length);
            }
        }
        return (null, 0);
    }

    private static bool Matches(IReadOnlyList<string> phrase, List<string> stems, int start)
    {
        for (var i = 0; i < phrase.Count; i++)
        {
            if (phrase[i] != stems[start + i])
                return false;
        }
        return true;
    }

    private Group MakeGroup(IReadOnlyList<string> phrases, string? subject)
    {
        var alternatives = phrases
            .Select(phrase => Tokenizer.Words(phrase))
            .Where(words => words.Count > 0)
            .Select(words => new Alternative(words, words.Select(_stemmer.StemWord).ToList()))
            .ToList();
        return new Group(string.Join('|', alternatives.Select(alternative => string.Join(' ', alternative.Stems))), alternatives, subject);
    }

    private sealed record Group(string Key, IReadOnlyList<Alternative> Alternatives, string? Subject);
}

/// <summary>One way of saying a concept: its words as typed (for FTS5) and their stems (for matching).</summary>
public sealed record Alternative(IReadOnlyList<string> Words, IReadOnlyList<string> Stems);

/// <summary>Something a question asks about; <see cref="Subject"/> is set when it names a subject.</summary>
public sealed record Concept(string Key, IReadOnlyList<Alternative> Alternatives, string? Subject);

public sealed record ParsedQuery(IReadOnlyList<Concept> Concepts)
{
    public bool IsEmpty => Concepts.Count == 0;

    public IEnumerable<string> Subjects => Concepts.Select(concept => concept.Subject).OfType<string>();

    /// <summary>The FTS5 MATCH expression: any alternative of any concept. Each word is quoted;
    /// words hold only letters and digits (see <see cref="Tokenizer"/>), so quoting is enough. A
    /// several-word alternative needs all its words close together, not the exact phrase: "admin
    /// panel" also finds "admin panel generation" and "panel for the admin".</summary>
    public string ToFtsQuery() => string.Join(" OR ",
        Concepts.SelectMany(concept => concept.Alternatives).Select(Expression).Distinct());

    private static string Expression(Alternative alternative) => alternative.Words.Count == 1
        ? $"\"{alternative.Words[0]}\""
        : $"NEAR({string.Join(' ', alternative.Words.Select(word => $"\"{word}\""))}, {PhraseSlack})";

    // How many other words may stand between the words of a several-word alternative.
    private const int PhraseSlack = 3;
}
