using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AdvisorBot.Core.Knowledge;

/// <summary>
/// What the search should know about the domain, kept as data in <c>knowledge/vocabulary.yml</c>:
/// the subjects the articles compare (so a question naming Flask ranks Flask passages first),
/// groups of words and phrases that mean the same thing (ORM / object-relational mapper), words
/// the stemmer must leave whole, other things that share a subject's name, phrases that ask for a
/// topic only in a question ("who uses"), topics that named together make another (juniors and
/// seniors: mixed skill levels), phrases that only set the scene ("in production"), and
/// a few example questions the bot offers when it has no answer.
/// </summary>
public sealed record Vocabulary(
    IReadOnlyList<Subject> Subjects,
    IReadOnlyList<IReadOnlyList<string>> Synonyms,
    IReadOnlyList<string> Suggestions)
{
    public const string FileName = "vocabulary.yml";

    public static Vocabulary Empty { get; } = new([], [], []);

    /// <summary>Words the stemmer leaves as they are, in lower case: the stemmer folds words of
    /// other meanings into their stem ("important" and "import", "created" and "create").</summary>
    public IReadOnlyList<string> WholeWords { get; init; } = [];

    /// <summary>By subject name, words and phrases (in lower case) that mark another thing of the
    /// same name: "reinhardt" for Django the guitarist, "hip flask" for the one you drink from. A
    /// question naming the subject with one of them is not about the subject the articles compare.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OtherSenses { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>By a synonym group's first phrase, phrases (in lower case) that ask for its topic in
    /// a question, though in an article the same words say something else: "who uses Flask" asks
    /// for its well-known users, where "developers who use Flask" names none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AskedAs { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>By a synonym group's first phrase, the groups (by their first phrases) that, all
    /// named in one question, mean it: a team of "juniors" and "seniors" has mixed skill levels,
    /// though neither word says so.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Together { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Topics read as another beside a third: speed beside a prototype ("which gets a demo
    /// out the door fastest") is how fast the prototype gets built, not response time. Each names
    /// synonym groups by their first phrases.</summary>
    public IReadOnlyList<ReadBeside> ReadBeside { get; init; } = [];

    /// <summary>Phrases (in lower case) that say where or how a thing runs, not what a question asks
    /// about it: "who uses Flask in production" asks for its users, not for production servers.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    public static Vocabulary Parse(string yaml, string file)
    {
        var document = KnowledgeYaml.LoadRoot(yaml, file);
        if (document is null)
            return Empty;
        if (document is not YamlMappingNode root)
            throw new KnowledgeLoadException(file, 1, "must be a mapping with 'subjects', 'synonyms' and 'suggestions'");

        var subjects = new List<Subject>();
        var synonyms = new List<IReadOnlyList<string>>();
        var suggestions = new List<string>();
        var wholeWords = new List<string>();
        var otherSenses = new List<(string Subject, List<string> Phrases, int Line)>();
        var askedAs = new List<(string Group, List<string> Phrases, int Line)>();
        var settings = new List<string>();
        var together = new List<(string Group, List<string> Parts, int Line)>();
        var readBeside = new List<(ReadBeside Rule, int Line)>();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            switch (key)
            {
                case "subjects":
                    foreach (var (nameNode, namesNode) in Mapping(value, file, "subjects").Children)
                    {
                        var name = Scalar(nameNode, file);
                        subjects.Add(new Subject(name, [name, .. Strings(namesNode, file)]));
                    }
                    break;
                case "synonyms":
                    foreach (var group in Sequence(value, file, "synonyms"))
                    {
                        var words = Strings(group, file);
                        if (words.Count < 2)
                            throw new KnowledgeLoadException(file, Line(group), "a synonym group needs at least two words or phrases");
                        synonyms.Add(words);
                    }
                    break;
                case "suggestions":
                    suggestions.AddRange(Strings(value, file));
                    break;
                case "whole_words":
                    foreach (var item in Sequence(value, file, "whole_words"))
                    {
                        var word = Scalar(item, file);
                        if (!word.All(char.IsAsciiLetterLower))
                            throw new KnowledgeLoadException(file, Line(item), $"'{word}' is not one word in lower case letters a-z (whole_words lists single words as the stemmer sees them)");
                        wholeWords.Add(word);
                    }
                    break;
                case "other_senses":
                    foreach (var (nameNode, phrasesNode) in Mapping(value, file, "other_senses").Children)
                        otherSenses.Add((Scalar(nameNode, file), Phrases(phrasesNode, file, "other_senses"), Line(nameNode)));
                    break;
                case "asked_as":
                    foreach (var (groupNode, phrasesNode) in Mapping(value, file, "asked_as").Children)
                        askedAs.Add((Scalar(groupNode, file), Phrases(phrasesNode, file, "asked_as"), Line(groupNode)));
                    break;
                case "settings":
                    settings.AddRange(Phrases(value, file, "settings"));
                    break;
                case "together":
                    foreach (var (groupNode, partsNode) in Mapping(value, file, "together").Children)
                    {
                        var parts = Strings(partsNode, file);
                        if (parts.Count < 2)
                            throw new KnowledgeLoadException(file, Line(groupNode), $"together: '{Scalar(groupNode, file)}' needs at least two groups named together");
                        together.Add((Scalar(groupNode, file), parts, Line(groupNode)));
                    }
                    break;
                case "read_beside":
                    foreach (var item in Sequence(value, file, "read_beside"))
                    {
                        var fields = Mapping(item, file, "read_beside entry").Children
                            .ToDictionary(field => Scalar(field.Key, file), field => Scalar(field.Value, file));
                        if (!fields.TryGetValue("topic", out var topic) || !fields.TryGetValue("beside", out var beside) || !fields.TryGetValue("as", out var readAs) || fields.Count != 3)
                            throw new KnowledgeLoadException(file, Line(item), "a read_beside entry needs exactly 'topic', 'beside' and 'as'");
                        readBeside.Add((new ReadBeside(topic.ToLowerInvariant(), beside.ToLowerInvariant(), readAs.ToLowerInvariant()), Line(item)));
                    }
                    break;
                default:
                    throw new KnowledgeLoadException(file, Line(keyNode), $"unknown key '{key}' (allowed: subjects, synonyms, whole_words, other_senses, asked_as, together, read_beside, settings, suggestions)");
            }
        }
        foreach (var (subject, _, line) in otherSenses)
        {
            if (!subjects.Any(known => known.Name == subject))
                throw new KnowledgeLoadException(file, line, $"other_senses names '{subject}', which is not one of the subjects ({string.Join(", ", subjects.Select(known => known.Name))})");
        }
        // asked_as, together and read_beside name synonym groups by their first phrases.
        void RequireGroups(string section, int line, IEnumerable<string> named)
        {
            foreach (var phrase in named.Where(phrase => !synonyms.Any(known => string.Equals(known[0], phrase, StringComparison.OrdinalIgnoreCase))))
                throw new KnowledgeLoadException(file, line, $"{section} names '{phrase}', which does not begin any synonym group (name a group by its first phrase)");
        }
        foreach (var (group, _, line) in askedAs)
            RequireGroups("asked_as", line, [group]);
        foreach (var (group, parts, line) in together)
            RequireGroups("together", line, parts.Prepend(group));
        foreach (var (rule, line) in readBeside)
            RequireGroups("read_beside", line, [rule.Topic, rule.Beside, rule.As]);
        return new Vocabulary(subjects, synonyms, suggestions)
        {
            WholeWords = wholeWords,
            Settings = settings,
            AskedAs = askedAs.GroupBy(asked => asked.Group.ToLowerInvariant()).ToDictionary(group => group.Key, group => (IReadOnlyList<string>)group.SelectMany(asked => asked.Phrases).ToList()),
            ReadBeside = readBeside.Select(entry => entry.Rule).ToList(),
            Together = together.ToDictionary(entry => entry.Group.ToLowerInvariant(), entry => (IReadOnlyList<string>)entry.Parts.Select(part => part.ToLowerInvariant()).ToList()),
            OtherSenses = otherSenses.GroupBy(sense => sense.Subject).ToDictionary(group => group.Key, group => (IReadOnlyList<string>)group.SelectMany(sense => sense.Phrases).ToList()),
        };
    }

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private static YamlMappingNode Mapping(YamlNode node, string file, string what) =>
        node as YamlMappingNode ?? throw new KnowledgeLoadException(file, Line(node), $"'{what}' must be a mapping");

    private static YamlSequenceNode Sequence(YamlNode node, string file, string what) =>
        node as YamlSequenceNode ?? throw new KnowledgeLoadException(file, Line(node), $"'{what}' must be a list");

    private static string Scalar(YamlNode node, string file) =>
        node is YamlScalarNode { Value: { } value } && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : throw new KnowledgeLoadException(file, Line(node), "expected a word or phrase");

    /// <summary>A list of phrases matched word for word against what is typed, in lower case; one
    /// with no word in it ("--", "!!") could never match, and is refused rather than ignored.</summary>
    private static List<string> Phrases(YamlNode node, string file, string what) =>
        Sequence(node, file, what).Select(item =>
        {
            var phrase = Scalar(item, file).ToLowerInvariant();
            return Tokenizer.Words(phrase).Count > 0
                ? phrase
                : throw new KnowledgeLoadException(file, Line(item), $"{what} phrase '{phrase}' has no words in it");
        }).ToList();

    private static List<string> Strings(YamlNode node, string file) =>
        Sequence(node, file, "list").Select(item => Scalar(item, file)).ToList();
}

/// <summary>A topic (<paramref name="Topic"/>) read as another (<paramref name="As"/>) in a
/// question that also names <paramref name="Beside"/>: each a synonym group's first phrase.</summary>
public sealed record ReadBeside(string Topic, string Beside, string As);

/// <summary>Something the articles compare (a framework), with the words that name it.</summary>
public sealed record Subject(string Name, IReadOnlyList<string> Names);
