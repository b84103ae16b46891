using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Turns a question into concepts with <see cref="KnowledgeAnalyzer"/>, the chain the passages
/// were indexed with: each synonym group the question uses (ORM = object-relational mapper) is one
/// concept, and so is each remaining content word. A concept that names a subject (Django, Flask)
/// says so. Nothing a user types is ever read as query syntax: the index is queried with these
/// terms alone.
/// </summary>
public sealed class QueryParser
{
    /// <summary>Words of a question that are read; the rest of a very long text is ignored.</summary>
    public const int MaxWords = 200;

    /// <summary>Concepts a query keeps; more add nothing to finding a passage.</summary>
    public const int MaxConcepts = 32;

    private readonly KnowledgeAnalyzer _analyzer;
    private readonly Dictionary<string, string> _subjectByTerm = new(StringComparer.Ordinal);

    public QueryParser(KnowledgeAnalyzer analyzer, Vocabulary vocabulary)
    {
        _analyzer = analyzer;
        foreach (var subject in vocabulary.Subjects)
        {
            foreach (var name in subject.Names)
            {
                foreach (var concept in Concepts(name))
                    _subjectByTerm.TryAdd(concept.Term, subject.Name);
            }
        }
    }

    /// <summary>The subject a term names, if any.</summary>
    public string? SubjectOf(string term) => _subjectByTerm.GetValueOrDefault(term);

    /// <summary>The subjects named among <paramref name="terms"/>.</summary>
    public HashSet<string> SubjectsIn(IEnumerable<string> terms) =>
        terms.Select(SubjectOf).OfType<string>().ToHashSet(StringComparer.Ordinal);

    public ParsedQuery Parse(string question) => new(Concepts(question ?? "").Take(MaxConcepts).ToList());

    private IEnumerable<Concept> Concepts(string text)
    {
        var tokens = _analyzer.Analyze(text, MaxWords);
        var groups = tokens.Where(token => token.IsConcept).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // A word inside a synonym phrase is read as part of that concept, not on its own.
        foreach (var token in tokens.Where(token => token.IsConcept || !groups.Any(group => token.Within(group))))
        {
            if (seen.Add(token.Term))
                yield return new Concept(token.Term, SubjectOf(token.Term), token.SourceLength, token.IsConcept);
        }
    }
}

/// <summary>
/// Something a question asks about: an index term (a word's stem or a synonym group's concept
/// term). <see cref="Subject"/> is set when it names a subject; <see cref="TypedLength"/> is the
/// length of the words it was read from; <see cref="Typed"/> is the term as read when fuzzy
/// matching replaced an unknown word with the index's nearest term.
/// </summary>
public sealed record Concept(string Term, string? Subject, int TypedLength, bool IsSynonymGroup, string? Typed = null);

public sealed record ParsedQuery(IReadOnlyList<Concept> Concepts)
{
    public bool IsEmpty => Concepts.Count == 0;

    public IEnumerable<string> Subjects => Concepts.Select(concept => concept.Subject).OfType<string>();

    public IEnumerable<string> Terms => Concepts.Select(concept => concept.Term);
}
