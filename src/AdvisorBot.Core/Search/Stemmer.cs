using System.Collections.Concurrent;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Reduces single words to their Porter stems with the same Lucene filter the search's
/// <see cref="KnowledgeAnalyzer"/> uses, for code that compares words outside the index (the guided
/// flow's answer matching). Results are cached: the words people answer with repeat.
/// </summary>
public sealed class Stemmer : IDisposable
{
    private const int MaxCachedWords = 50_000;

    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    // Lucene reuses an analyzer's token streams per thread, so one analyzer serves every caller.
    private readonly Analyzer _porter = Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new KeywordTokenizer(reader);
        return new TokenStreamComponents(tokenizer, new PorterStemFilter(tokenizer));
    });

    /// <summary>The stem of each word, in order. Words come from <see cref="Tokenizer"/>: lower case,
    /// letters and digits only.</summary>
    public IReadOnlyList<string> Stem(IReadOnlyList<string> words) => words.Select(StemWord).ToList();

    public string StemWord(string word)
    {
        if (_cache.TryGetValue(word, out var cached))
            return cached;
        if (_cache.Count >= MaxCachedWords)
            _cache.Clear();
        using var stream = _porter.GetTokenStream("word", word);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var stem = stream.IncrementToken() ? term.ToString() : word;
        stream.End();
        return _cache[word] = stem;
    }

    public void Dispose() => _porter.Dispose();
}
