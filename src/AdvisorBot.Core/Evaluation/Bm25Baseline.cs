using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace AdvisorBot.Core.Evaluation;

/// <summary>
/// Apache Lucene's plain BM25 over the same passages, as a yardstick for <c>eval --baseline
/// bm25</c>: Lucene's StandardAnalyzer (its English stop words, no stemming, no synonyms), one
/// field of heading and text, no re-ranking, no fuzzy matching, no semantics. It answers whenever
/// any passage matches, so its declines are only the questions no passage shares a word with.
/// </summary>
public sealed class Bm25Baseline : IDisposable
{
    private const string FieldName = "text";

    private readonly IReadOnlyList<Passage> _passages;
    private readonly StandardAnalyzer _analyzer = new(KnowledgeAnalyzer.Version);
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public Bm25Baseline(KnowledgeBase knowledge)
    {
        _passages = knowledge.Passages;
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(KnowledgeAnalyzer.Version, _analyzer) { Similarity = new BM25Similarity() }))
        {
            foreach (var passage in _passages)
                writer.AddDocument(new Document { new TextField(FieldName, $"{passage.Heading}\n{passage.Text}", Field.Store.NO) });
            writer.ForceMerge(1);
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public SearchResult Search(string question, int top)
    {
        var query = new BooleanQuery();
        using (var stream = _analyzer.GetTokenStream(FieldName, question))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken() && query.Clauses.Count < BooleanQuery.MaxClauseCount)
                query.Add(new TermQuery(new Term(FieldName, term.ToString())), Occur.SHOULD);
            stream.End();
        }
        if (query.Clauses.Count == 0)
            return new SearchResult(question, false, 0, []);
        var hits = _searcher.Search(query, top).ScoreDocs
            .Select(hit => new SearchHit(_passages[hit.Doc], Math.Round(hit.Score, 4)))
            .ToList();
        return new SearchResult(question, hits.Count > 0, hits.Count > 0 ? 1 : 0, hits);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}
