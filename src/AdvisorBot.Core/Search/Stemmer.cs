using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Reduces words to the stems the index stores, using SQLite's own <c>porter unicode61</c>
/// tokenizer on a small in-memory table, so that a question's words and the index's terms are
/// stemmed by exactly the same code. Results are cached: the words people ask with repeat.
/// </summary>
public sealed class Stemmer : IDisposable
{
    public const string TokenizerSpec = "porter unicode61 remove_diacritics 2";
    private const int MaxCachedWords = 50_000;

    private readonly SqliteConnection _connection;
    private readonly ConcurrentDictionary<string, string[]> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Stemmer()
    {
        SqliteSetup.EnsureInitialized();
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = $"""
            CREATE VIRTUAL TABLE words USING fts5(word, tokenize='{TokenizerSpec}');
            CREATE VIRTUAL TABLE word_terms USING fts5vocab(words, instance);
            """;
        create.ExecuteNonQuery();
    }

    /// <summary>The stem of each word, in order (a word the tokenizer splits gives several).</summary>
    public IReadOnlyList<string> Stem(IReadOnlyList<string> words)
    {
        var missing = words.Where(word => !_cache.ContainsKey(word)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            StemUncached(missing);
        return words.SelectMany(word => _cache.TryGetValue(word, out var stems) ? stems : []).ToList();
    }

    public string StemWord(string word) => Stem([word]) is [var only] ? only : word;

    private void StemUncached(List<string> words)
    {
        lock (_gate)
        {
            if (_cache.Count + words.Count > MaxCachedWords)
                _cache.Clear();
            using var transaction = _connection.BeginTransaction();
            using (var insert = _connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO words(rowid, word) VALUES ($row, $word)";
                var row = insert.Parameters.Add("$row", SqliteType.Integer);
                var word = insert.Parameters.Add("$word", SqliteType.Text);
                for (var i = 0; i < words.Count; i++)
                {
                    row.Value = i + 1;
                    word.Value = words[i];
                    insert.ExecuteNonQuery();
                }
            }
            var stems = new List<string>[words.Count];
            using (var read = _connection.CreateCommand())
            {
                read.CommandText = "SELECT doc, term FROM word_terms ORDER BY doc, offset";
                using var reader = read.ExecuteReader();
                while (reader.Read())
                    (stems[reader.GetInt64(0) - 1] ??= []).Add(reader.GetString(1));
            }
            for (var i = 0; i < words.Count; i++)
                _cache[words[i]] = stems[i]?.ToArray() ?? [];
            transaction.Rollback();
        }
    }

    public void Dispose() => _connection.Dispose();
}
