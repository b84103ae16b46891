using System.Globalization;
using AdvisorBot.Core.Knowledge;
using Microsoft.Data.Sqlite;

namespace AdvisorBot.Core.Search;

/// <summary>
/// The passages in an SQLite FTS5 table (Porter stemming, BM25), with the article title, the
/// heading path and the text as separately weighted fields. Built in memory from the knowledge
/// base at start-up, or saved to a file by the <c>index</c> verb and opened from it; the file also
/// carries the knowledge files themselves, so it is a complete snapshot.
/// </summary>
public sealed class PassageIndex : IDisposable
{
    private const int SchemaVersion = 1;

    // Field weights for BM25: a word in a passage's headings says more about what the passage is
    // about than the same word in its text; the source (article title, publisher, author) is
    // shared by all of an article's passages, so it says little about any one of them.
    private const double TitleWeight = 0.5;
    private const double HeadingWeight = 4.0;
    private const double BodyWeight = 1.0;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly PassageTerms[] _terms;
    private readonly Dictionary<string, int> _documentFrequency;

    private PassageIndex(SqliteConnection connection, KnowledgeBase knowledge)
    {
        _connection = connection;
        Knowledge = knowledge;
        (_terms, _documentFrequency) = ReadTerms(connection, knowledge.Passages.Count);
    }

    public KnowledgeBase Knowledge { get; }

    public int PassageCount => Knowledge.Passages.Count;

    /// <summary>The stems of a passage's headings and of its text, as the index holds them.</summary>
    public PassageTerms TermsOf(int passageIndex) => _terms[passageIndex];

    /// <summary>In how many passages a stem occurs (any field).</summary>
    public int DocumentFrequency(string stem) => _documentFrequency.GetValueOrDefault(stem);

    /// <summary>Builds the index in memory.</summary>
    public static PassageIndex Build(KnowledgeBase knowledge)
    {
        SqliteSetup.EnsureInitialized();
        var connection = new SqliteConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            Fill(connection, knowledge);
            return new PassageIndex(connection, knowledge);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Writes the index to <paramref name="path"/>. It is built beside the target and
    /// moved into place when complete, so a reader never sees a half-written file.</summary>
    public static void Save(KnowledgeBase knowledge, string path)
    {
        SqliteSetup.EnsureInitialized();
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporary = $"{fullPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
            {
                connection.Open();
                Fill(connection, knowledge);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Opens an index file written by <see cref="Save"/>.</summary>
    public static PassageIndex Open(string path)
    {
        SqliteSetup.EnsureInitialized();
        if (!File.Exists(path))
            throw new IndexFileException(path, "does not exist; build it with the 'index' command");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            connection.Open();
            var meta = ReadMeta(connection);
            if (meta.GetValueOrDefault("schema_version") != SchemaVersion.ToString(CultureInfo.InvariantCulture))
                throw new IndexFileException(path, "was written by another version of AdvisorBot; rebuild it with the 'index' command");

            var files = new List<KnowledgeFile>();
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT name, text FROM knowledge_files ORDER BY name";
                using var reader = read.ExecuteReader();
                while (reader.Read())
                    files.Add(new KnowledgeFile(reader.GetString(0), reader.GetString(1)));
            }
            var knowledge = KnowledgeBase.FromFiles(files);
            if (knowledge.Fingerprint != meta.GetValueOrDefault("fingerprint") || CountPassages(connection) != knowledge.Passages.Count)
                throw new IndexFileException(path, "does not match the knowledge it carries; rebuild it with the 'index' command");
            return new PassageIndex(connection, knowledge);
        }
        catch (SqliteException error)
        {
            connection.Dispose();
            throw new IndexFileException(path, $"is not a readable AdvisorBot index ({error.Message})");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs an FTS5 query and returns up to <paramref name="limit"/> passages, best BM25 first, as
    /// (index into <see cref="KnowledgeBase.Passages"/>, BM25 score where higher is better). The
    /// query must come from <see cref="QueryParser"/>: user text never reaches FTS5 as syntax.
    /// </summary>
    public IReadOnlyList<(int PassageIndex, double Score)> Match(string ftsQuery, int limit)
    {
        if (string.IsNullOrEmpty(ftsQuery))
            return [];
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            var weights = string.Create(CultureInfo.InvariantCulture, $"{TitleWeight}, {HeadingWeight}, {BodyWeight}");
            command.CommandText = $"SELECT rowid, bm25(passages_fts, {weights}) AS score FROM passages_fts WHERE passages_fts MATCH $query ORDER BY score LIMIT $limit";
            command.Parameters.AddWithValue("$query", ftsQuery);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var results = new List<(int, double)>();
            // SQLite's bm25() is negative, more negative for a better match.
            while (reader.Read())
                results.Add(((int)reader.GetInt64(0) - 1, -reader.GetDouble(1)));
            return results;
        }
    }

    private static void Fill(SqliteConnection connection, KnowledgeBase knowledge)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, $"""
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE knowledge_files(name TEXT PRIMARY KEY, text TEXT NOT NULL);
            CREATE TABLE passages(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, heading TEXT NOT NULL, body TEXT NOT NULL);
            CREATE VIRTUAL TABLE passages_fts USING fts5(title, heading, body, content='passages', content_rowid='rowid', tokenize='{Stemmer.TokenizerSpec}');
            CREATE VIRTUAL TABLE passage_terms USING fts5vocab(passages_fts, instance);
            """);

        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO meta(key, value) VALUES ($key, $value)";
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            var value = insert.Parameters.Add("$value", SqliteType.Text);
            foreach (var (k, v) in new[] { ("schema_version", SchemaVersion.ToString(CultureInfo.InvariantCulture)), ("fingerprint", knowledge.Fingerprint) })
            {
                key.Value = k;
                value.Value = v;
                insert.ExecuteNonQuery();
            }
        }
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO knowledge_files(name, text) VALUES ($name, $text)";
            var name = insert.Parameters.Add("$name", SqliteType.Text);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            foreach (var file in knowledge.Files)
            {
                name.Value = file.Name;
                text.Value = file.Text;
                insert.ExecuteNonQuery();
            }
        }
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO passages(rowid, id, title, heading, body) VALUES ($row, $id, $title, $heading, $body)";
            var row = insert.Parameters.Add("$row", SqliteType.Integer);
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var title = insert.Parameters.Add("$title", SqliteType.Text);
            var heading = insert.Parameters.Add("$heading", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Text);
            for (var i = 0; i < knowledge.Passages.Count; i++)
            {
                var passage = knowledge.Passages[i];
                row.Value = i + 1;
                id.Value = passage.Id;
                // The source field: who wrote it and where, so "what did Inspector say" finds it.
                title.Value = string.Join(" ", new[] { passage.Source.Title, passage.Source.Publisher, passage.Source.Author }.Where(part => part is not null));
                heading.Value = string.Join(" > ", passage.SectionHeadings);
                body.Value = passage.Text;
                insert.ExecuteNonQuery();
            }
        }
        Execute(connection, "INSERT INTO passages_fts(rowid, title, heading, body) SELECT rowid, title, heading, body FROM passages");
        transaction.Commit();
    }

    private static (PassageTerms[], Dictionary<string, int>) ReadTerms(SqliteConnection connection, int passageCount)
    {
        var sources = new HashSet<string>[passageCount];
        var headings = new HashSet<string>[passageCount];
        var bodies = new HashSet<string>[passageCount];
        for (var i = 0; i < passageCount; i++)
        {
            sources[i] = new HashSet<string>(StringComparer.Ordinal);
            headings[i] = new HashSet<string>(StringComparer.Ordinal);
            bodies[i] = new HashSet<string>(StringComparer.Ordinal);
        }
        // Document frequency counts headings and text only: every passage of an article shares its
        // source, so counting it would make a word of a title look common everywhere.
        var documentsByTerm = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var sourceDocumentsByTerm = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT term, doc, col FROM passage_terms";
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            var term = reader.GetString(0);
            var doc = (int)reader.GetInt64(1) - 1;
            var column = reader.GetString(2);
            if (doc < 0 || doc >= passageCount)
                continue;
            var (field, counts) = column switch
            {
                "body" => (bodies[doc], documentsByTerm),
                "heading" => (headings[doc], documentsByTerm),
                _ => (sources[doc], sourceDocumentsByTerm),
            };
            field.Add(term);
            if (!counts.TryGetValue(term, out var documents))
                counts[term] = documents = [];
            documents.Add(doc);
        }
        var terms = Enumerable.Range(0, passageCount).Select(i => new PassageTerms(sources[i], headings[i], bodies[i])).ToArray();
        // A word found only in sources (a publisher's name) still counts as known, by its source count.
        foreach (var (term, documents) in sourceDocumentsByTerm)
            documentsByTerm.TryAdd(term, documents);
        return (terms, documentsByTerm.ToDictionary(pair => pair.Key, pair => pair.Value.Count, StringComparer.Ordinal));
    }

    private static Dictionary<string, string> ReadMeta(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT key, value FROM meta";
        using var reader = read.ExecuteReader();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
            meta[reader.GetString(0)] = reader.GetString(1);
        return meta;
    }

    private static long CountPassages(SqliteConnection connection)
    {
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM passages";
        return (long)count.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}

/// <summary>The stems of one passage's source (title, publisher, author), of its headings below
/// the title, and of its text.</summary>
public sealed record PassageTerms(IReadOnlySet<string> Source, IReadOnlySet<string> Heading, IReadOnlySet<string> Body)
{
    public bool Contains(string stem) => Heading.Contains(stem) || Body.Contains(stem) || Source.Contains(stem);

    /// <summary>True when the stem is in the passage's own headings, which say what it is about.
    /// (The source is shared by every passage of an article, so it says less.)</summary>
    public bool Labels(string stem) => Heading.Contains(stem);
}

/// <summary>An index file that cannot be used; the message says what to do.</summary>
public sealed class IndexFileException(string path, string problem) : Exception($"index file {path} {problem}");
