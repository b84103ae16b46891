using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AdvisorBot.Core.Knowledge;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Lucene.Net.Util.Automaton;

namespace AdvisorBot.Core.Search;

/// <summary>
/// The passages in a Lucene.Net index (BM25), with the source (title, publisher, author), the
/// heading path and the text as separately weighted fields, all analyzed by one
/// <see cref="KnowledgeAnalyzer"/>. Built in memory from the knowledge base, or saved by the
/// <c>index</c> verb as one file that also carries the knowledge files themselves and the passage
/// vectors, so it is a complete snapshot.
/// </summary>
public sealed class PassageIndex : IDisposable
{
    // Raised whenever the analysis of text changes (3: a colon between letters parts a word), so
    // that an index file written before is rebuilt rather than read with other words.
    private const int SchemaVersion = 3;

    private const string SourceField = "source";
    private const string HeadingField = "heading";
    private const string BodyField = "body";

    // All three fields in one, for the index's vocabulary as a whole: what fuzzy matching searches.
    internal const string AllField = "all";

    // Field weights for BM25: a word in a passage's headings says more about what the passage is
    // about than the same word in its text; the source (article title, publisher, author) is
    // shared by all of an article's passages, so it says little about any one of them.
    private static readonly (string Field, float Weight)[] WeightedFields = [(SourceField, 0.5f), (HeadingField, 4f), (BodyField, 1f)];

    private const string MetaEntry = "meta.json";
    private const string KnowledgeFolder = "knowledge/";
    private const string LuceneFolder = "lucene/";

    private readonly Lucene.Net.Store.Directory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly PassageTerms[] _terms;
    private readonly Dictionary<string, int> _documentFrequency;

    private PassageIndex(Lucene.Net.Store.Directory directory, KnowledgeBase knowledge, KnowledgeAnalyzer analyzer)
    {
        _directory = directory;
        Knowledge = knowledge;
        Analyzer = analyzer;
        _reader = DirectoryReader.Open(directory);
        if (_reader.NumDocs != knowledge.Passages.Count)
        {
            var held = _reader.NumDocs;
            _reader.Dispose();
            throw new InvalidDataException($"it indexes {held} passages where its knowledge has {knowledge.Passages.Count}");
        }
        _searcher = new IndexSearcher(_reader) { Similarity = new WholePassageIdf(_reader) };
        (_terms, _documentFrequency) = ReadTerms(_reader, knowledge.Passages.Count);
    }

    public KnowledgeBase Knowledge { get; }

    /// <summary>The analyzer the index was built with; questions go through the same one.</summary>
    public KnowledgeAnalyzer Analyzer { get; }

    public int PassageCount => Knowledge.Passages.Count;

    /// <summary>The terms of a passage's source, headings and text, as the index holds them.</summary>
    public PassageTerms TermsOf(int passageIndex) => _terms[passageIndex];

    /// <summary>In how many passages a term occurs (headings and text; a term found only in
    /// sources counts by its sources).</summary>
    public int DocumentFrequency(string term) => _documentFrequency.GetValueOrDefault(term);

    /// <summary>Builds the index in memory.</summary>
    public static PassageIndex Build(KnowledgeBase knowledge)
    {
        var analyzer = new KnowledgeAnalyzer(knowledge.Vocabulary);
        var directory = new RAMDirectory();
        try
        {
            Fill(directory, knowledge, analyzer);
            return new PassageIndex(directory, knowledge, analyzer);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Builds the index of <paramref name="knowledge"/> and writes it to <paramref name="path"/>.</summary>
    public static void Save(KnowledgeBase knowledge, string path)
    {
        using var index = Build(knowledge);
        index.SaveTo(path);
    }

    /// <summary>Writes the index to <paramref name="path"/>: a zip of the knowledge files, the
    /// Lucene index and <paramref name="extraEntries"/>. It is written beside the target and moved
    /// into place when complete, so a reader never sees a half-written file.</summary>
    public void SaveTo(string path, IReadOnlyDictionary<string, byte[]>? extraEntries = null)
    {
        var fullPath = Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporary = $"{fullPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Create))
            {
                var meta = new IndexMeta(SchemaVersion, Knowledge.Fingerprint, Knowledge.Passages.Count);
                Write(zip, MetaEntry, JsonSerializer.SerializeToUtf8Bytes(meta, IndexMeta.JsonOptions));
                foreach (var file in Knowledge.Files)
                    Write(zip, KnowledgeFolder + file.Name, Encoding.UTF8.GetBytes(file.Text));
                foreach (var name in _directory.ListAll())
                {
                    using var input = _directory.OpenInput(name, IOContext.READ_ONCE);
                    var bytes = new byte[input.Length];
                    input.ReadBytes(bytes, 0, bytes.Length);
                    Write(zip, LuceneFolder + name, bytes);
                }
                foreach (var (name, bytes) in extraEntries ?? new Dictionary<string, byte[]>())
                    Write(zip, name, bytes);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(bytes);
    }

    /// <summary>Opens an index file written by <see cref="Save"/>; it is read whole into memory,
    /// so the file can be replaced while the index answers. <paramref name="extraEntries"/>
    /// receives the entries that are not the index's own (the passage vectors).</summary>
    public static PassageIndex Open(string path, IDictionary<string, byte[]>? extraEntries = null)
    {
        if (!File.Exists(path))
            throw new IndexFileException(path, "does not exist; build it with the 'index' command");
        var directory = new RAMDirectory();
        try
        {
            IndexMeta? meta = null;
            var files = new List<KnowledgeFile>();
            using (var zip = ZipFile.OpenRead(path))
            {
                foreach (var entry in zip.Entries)
                {
                    var bytes = Read(entry);
                    if (entry.FullName == MetaEntry)
                        meta = JsonSerializer.Deserialize<IndexMeta>(bytes, IndexMeta.JsonOptions);
                    else if (entry.FullName.StartsWith(KnowledgeFolder, StringComparison.Ordinal))
                        files.Add(new KnowledgeFile(PlainName(entry.FullName[KnowledgeFolder.Length..]), Encoding.UTF8.GetString(bytes)));
                    else if (entry.FullName.StartsWith(LuceneFolder, StringComparison.Ordinal))
                    {
                        using var output = directory.CreateOutput(PlainName(entry.FullName[LuceneFolder.Length..]), IOContext.DEFAULT);
                        output.WriteBytes(bytes, 0, bytes.Length);
                    }
                    else
                        extraEntries?.Add(entry.FullName, bytes);
                }
            }
            if (meta is null)
                throw new InvalidDataException("it has no meta.json");
            if (meta.SchemaVersion != SchemaVersion)
                throw new IndexFileException(path, "was written by another version of AdvisorBot; rebuild it with the 'index' command");
            var knowledge = KnowledgeBase.FromFiles(files);
            if (knowledge.Fingerprint != meta.Fingerprint || knowledge.Passages.Count != meta.Passages)
                throw new IndexFileException(path, "does not match the knowledge it carries; rebuild it with the 'index' command");
            return new PassageIndex(directory, knowledge, new KnowledgeAnalyzer(knowledge.Vocabulary));
        }
        catch (Exception error) when (error is InvalidDataException or JsonException or IOException)
        {
            // Lucene reports a damaged index as an IOException too.
            directory.Dispose();
            throw new IndexFileException(path, $"is not a readable AdvisorBot index ({error.Message})");
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string PlainName(string name) =>
        name.Length > 0 && Path.GetFileName(name) == name ? name : throw new InvalidDataException($"it holds an entry with a bad name '{name}'");

    /// <summary>
    /// The passages that contain any of <paramref name="terms"/>, up to <paramref name="limit"/>,
    /// best BM25 first, as (index into <see cref="KnowledgeBase.Passages"/>, BM25 score). The
    /// query is built here from analyzed terms: user text never meets a query parser.
    /// </summary>
    public IReadOnlyList<(int PassageIndex, double Score)> Match(IEnumerable<string> terms, int limit) =>
        Match(terms.Select(term => (term, 1f)), limit);

    /// <summary>As <see cref="Match(IEnumerable{string}, int)"/>, each term with its own weight
    /// (a term given twice counts with the larger).</summary>
    public IReadOnlyList<(int PassageIndex, double Score)> Match(IEnumerable<(string Term, float Boost)> terms, int limit)
    {
        var query = new BooleanQuery();
        foreach (var (term, boost) in terms.GroupBy(term => term.Term, StringComparer.Ordinal).Select(group => (group.Key, group.Max(term => term.Boost))))
        {
            if (boost <= 0)
                continue;
            foreach (var (field, weight) in WeightedFields)
                query.Add(new TermQuery(new Term(field, term)) { Boost = weight * boost }, Occur.SHOULD);
        }
        if (query.Clauses.Count == 0)
            return [];
        return _searcher.Search(query, limit).ScoreDocs.Select(hit => (hit.Doc, (double)hit.Score)).ToList();
    }

    /// <summary>
    /// The index term closest to <paramref name="term"/> within <paramref name="maxEdits"/> edits
    /// (a transposition is one), its first letter the same; null when none is. Lucene's
    /// <see cref="FuzzyQuery"/> finds the candidates.
    /// </summary>
    public string? NearestTerm(string term, int maxEdits)
    {
        if (maxEdits <= 0)
            return null;
        var fuzzy = new FuzzyQuery(new Term(AllField, term), Math.Min(maxEdits, LevenshteinAutomata.MAXIMUM_SUPPORTED_DISTANCE), prefixLength: 1, maxExpansions: 16, transpositions: true);
        var rewritten = _searcher.Rewrite(fuzzy);
        var candidates = rewritten is BooleanQuery boolean
            ? boolean.Clauses.Select(clause => clause.Query).OfType<TermQuery>().Select(query => (query.Term.Text, query.Boost))
            : rewritten is TermQuery single ? [(single.Term.Text, single.Boost)] : [];
        return candidates
            .Where(candidate => candidate.Text != term && !candidate.Text.StartsWith(KnowledgeAnalyzer.ConceptPrefix, StringComparison.Ordinal))
            .OrderByDescending(candidate => candidate.Boost)
            .ThenByDescending(candidate => DocumentFrequency(candidate.Text))
            .ThenBy(candidate => candidate.Text, StringComparer.Ordinal)
            .Select(candidate => candidate.Text)
            .FirstOrDefault();
    }

    private static void Fill(Lucene.Net.Store.Directory directory, KnowledgeBase knowledge, KnowledgeAnalyzer analyzer)
    {
        var config = new IndexWriterConfig(KnowledgeAnalyzer.Version, analyzer) { Similarity = new BM25Similarity(), OpenMode = OpenMode.CREATE };
        using var writer = new IndexWriter(directory, config);
        foreach (var passage in knowledge.Passages)
        {
            // The source field: who wrote it and where, so "what did Inspector say" finds it.
            var source = string.Join(" ", new[] { passage.Source.Title, passage.Source.Publisher, passage.Source.Author }.OfType<string>());
            var heading = string.Join(" > ", passage.SectionHeadings);
            writer.AddDocument(new Document
            {
                new StringField("id", passage.Id, Field.Store.YES),
                new TextField(SourceField, source, Field.Store.NO),
                new TextField(HeadingField, heading, Field.Store.NO),
                new TextField(BodyField, passage.Text, Field.Store.NO),
                new TextField(AllField, $"{source}\n{heading}\n{passage.Text}", Field.Store.NO),
            });
        }
        // One segment, so document numbers are the passages' order in the knowledge base.
        writer.ForceMerge(1);
        writer.Commit();
    }

    private static (PassageTerms[], Dictionary<string, int>) ReadTerms(DirectoryReader reader, int passageCount)
    {
        var fields = new Dictionary<string, HashSet<string>[]>(StringComparer.Ordinal);
        foreach (var (field, _) in WeightedFields)
            fields[field] = Enumerable.Range(0, passageCount).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        // Document frequency counts headings and text only: every passage of an article shares its
        // source, so counting it would make a word of a title look common everywhere.
        var documentsByTerm = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var sourceDocumentsByTerm = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var leaf in reader.Leaves)
        {
            var atomic = leaf.AtomicReader;
            foreach (var (field, perDocument) in fields)
            {
                var terms = atomic.GetTerms(field);
                if (terms is null)
                    continue;
                var counts = field == SourceField ? sourceDocumentsByTerm : documentsByTerm;
                var termsEnum = terms.GetEnumerator();
                while (termsEnum.MoveNext())
                {
                    var term = termsEnum.Term.Utf8ToString();
                    var documents = termsEnum.Docs(atomic.LiveDocs, null, DocsFlags.NONE);
                    int doc;
                    while ((doc = documents.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                    {
                        var passage = leaf.DocBase + doc;
                        perDocument[passage].Add(term);
                        if (!counts.TryGetValue(term, out var set))
                            counts[term] = set = [];
                        set.Add(passage);
                    }
                }
            }
        }
        var passageTerms = Enumerable.Range(0, passageCount)
            .Select(i => new PassageTerms(fields[SourceField][i], fields[HeadingField][i], fields[BodyField][i]))
            .ToArray();
        // A word found only in sources (a publisher's name) still counts as known, by its source count.
        foreach (var (term, documents) in sourceDocumentsByTerm)
            documentsByTerm.TryAdd(term, documents);
        return (passageTerms, documentsByTerm.ToDictionary(pair => pair.Key, pair => pair.Value.Count, StringComparer.Ordinal));
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        Analyzer.Dispose();
    }

    private sealed record IndexMeta(int SchemaVersion, string Fingerprint, int Passages)
    {
        public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    }
}

/// <summary>The terms of one passage's source (title, publisher, author), of its headings below
/// the title, and of its text.</summary>
public sealed record PassageTerms(IReadOnlySet<string> Source, IReadOnlySet<string> Heading, IReadOnlySet<string> Body)
{
    public bool Contains(string term) => Heading.Contains(term) || Body.Contains(term) || Source.Contains(term);

    /// <summary>True when the term is in the passage's own headings, which say what it is about.
    /// (The source is shared by every passage of an article, so it says less.)</summary>
    public bool Labels(string term) => Heading.Contains(term);
}

/// <summary>An index file that cannot be used; the message says what to do.</summary>
public sealed class IndexFileException(string path, string problem) : Exception($"index file {path} {problem}");

/// <summary>
/// BM25 whose rarity (IDF) of a term in each field is mostly that of whole passages. Counted in a
/// field alone, a common word is rare among the headings ("web" is in 47 passages but heads only a
/// few), so a passage headed "Why Python for Web Development" outranked the ones about what was
/// asked. A share of the field's own rarity stays (<see cref="FieldShare"/>): that a word heads few
/// passages still says a little. Measured on every question set: whole passages alone lost two
/// development questions a heading had found ("What other Python web frameworks exist"); a quarter
/// of the field's own kept them and found 20 questions the field's rarity alone had missed, for 9 lost.
/// </summary>
internal sealed class WholePassageIdf(IndexReader reader) : BM25Similarity
{
    private const float FieldShare = 0.25f;

    public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics termStats)
    {
        var passages = reader.NumDocs;
        var inPassages = reader.DocFreq(new Term(PassageIndex.AllField, termStats.Term));
        var inField = Idf(termStats.DocFreq, collectionStats.DocCount == -1 ? collectionStats.MaxDoc : collectionStats.DocCount);
        var idf = (1 - FieldShare) * Idf(inPassages, passages) + FieldShare * inField;
        return new Explanation(idf, $"idf(docFreq={inPassages} of {passages} passages, {termStats.DocFreq} in {collectionStats.Field})");
    }
}
