using System.Security.Cryptography;
using System.Text;

namespace AdvisorBot.Core.Knowledge;

/// <summary>Everything loaded from <c>knowledge/</c>: the articles cut into passages, the
/// vocabulary the search uses, and the guided flow's questions and evidence.</summary>
public sealed class KnowledgeBase
{
    private readonly Dictionary<string, Passage> _passagesById;

    private KnowledgeBase(IReadOnlyList<Article> articles, Vocabulary vocabulary, IReadOnlyList<KnowledgeFile> files, string fingerprint)
    {
        Files = files;
        Articles = articles;
        Vocabulary = vocabulary;
        Fingerprint = fingerprint;
        Passages = articles.SelectMany(article => article.Passages).ToList();
        _passagesById = new Dictionary<string, Passage>(StringComparer.Ordinal);
        foreach (var passage in Passages)
        {
            if (!_passagesById.TryAdd(passage.Id, passage))
                throw new KnowledgeLoadException(passage.File, passage.Line, $"duplicate passage id '{passage.Id}' (also in {_passagesById[passage.Id].File})");
        }
    }

    public IReadOnlyList<Article> Articles { get; }
    public IReadOnlyList<Passage> Passages { get; }
    public Vocabulary Vocabulary { get; }

    /// <summary>The guided /choose-framework flow, or null when the folder has no
    /// <see cref="FlowDefinition.FileName"/>.</summary>
    public FlowDefinition? Flow { get; private set; }

    /// <summary>The files it was loaded from, so a saved index can carry them.</summary>
    public IReadOnlyList<KnowledgeFile> Files { get; }

    /// <summary>A hash of every knowledge file's name and bytes: equal fingerprints, equal knowledge.</summary>
    public string Fingerprint { get; }

    public Passage? FindPassage(string id) => _passagesById.GetValueOrDefault(id);

    /// <summary>
    /// Loads every <c>*.md</c> article, the vocabulary and the flow from <paramref name="directory"/>. It is
    /// all or nothing: the first bad file stops the load with a <see cref="KnowledgeLoadException"/>
    /// naming it, and nothing half-loaded is ever returned.
    /// </summary>
    public static KnowledgeBase Load(string directory) => FromFiles(ReadFiles(directory));

    /// <summary>The knowledge files of <paramref name="directory"/> as (name, text), in name order:
    /// the articles, the vocabulary and the flow.</summary>
    public static IReadOnlyList<KnowledgeFile> ReadFiles(string directory)
    {
        if (!Directory.Exists(directory))
            throw new KnowledgeLoadException(directory, null, "knowledge directory does not exist");
        return Directory.EnumerateFiles(directory, "*", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(IsKnowledgeFile)
            .Order(StringComparer.Ordinal)
            .Select(name => new KnowledgeFile(name, KnowledgeText.Read(Path.Combine(directory, name), name)))
            .ToList();
    }

    public static bool IsKnowledgeFile(string name) =>
        name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || name == Vocabulary.FileName || name == FlowDefinition.FileName;

    /// <summary>Builds the knowledge base from files already read: the same result whether they
    /// come from the folder or from a saved index.</summary>
    public static KnowledgeBase FromFiles(IReadOnlyList<KnowledgeFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var articles = new List<Article>();
        var articleFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        var vocabulary = Vocabulary.Empty;
        string? flowText = null;
        foreach (var (name, text) in files.OrderBy(file => file.Name, StringComparer.Ordinal))
        {
            AddToHash(hash, name, text);
            if (name == Vocabulary.FileName)
            {
                vocabulary = Vocabulary.Parse(text, name);
                continue;
            }
            if (name == FlowDefinition.FileName)
            {
                // Read once every passage is known: the flow's evidence cites passages by id.
                flowText = text;
                continue;
            }
            var article = ArticleParser.Parse(text, name, Slug.From(Path.GetFileNameWithoutExtension(name)));
            if (!articleFiles.TryAdd(article.Id, name))
                throw new KnowledgeLoadException(name, 1, $"duplicate article id '{article.Id}': {articleFiles[article.Id]} has it too");
            articles.Add(article);
        }
        if (articles.Count == 0)
            throw new KnowledgeLoadException("knowledge", null, "holds no articles (*.md files)");
        var knowledge = new KnowledgeBase(articles, vocabulary, files, Convert.ToHexStringLower(hash.GetHashAndReset()));
        if (flowText is not null)
            knowledge.Flow = FlowDefinitionParser.Parse(flowText, FlowDefinition.FileName, knowledge.FindPassage, vocabulary.Subjects);
        return knowledge;
    }

    private static void AddToHash(IncrementalHash hash, string name, string text)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(name));
        hash.AppendData([0]);
        hash.AppendData(Encoding.UTF8.GetBytes(text));
        hash.AppendData([0]);
    }
}

/// <summary>A knowledge file's name and text.</summary>
public sealed record KnowledgeFile(string Name, string Text);
