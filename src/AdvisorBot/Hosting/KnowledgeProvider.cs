using AdvisorBot.Core.Search;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Hosting;

/// <summary>
/// Holds the knowledge snapshot the host answers from. <see cref="Current"/> is swapped whole on
/// reload, so a question in flight keeps the snapshot it started with.
/// </summary>
public sealed class KnowledgeProvider : IDisposable
{
    private readonly KnowledgeOptions _options;
    private readonly SearchOptions _searchOptions;
    private readonly Stemmer _stemmer;
    private KnowledgeSnapshot _current;

    public KnowledgeProvider(IOptions<KnowledgeOptions> options, IOptions<SearchOptions> searchOptions, Stemmer stemmer)
    {
        _options = options.Value;
        _searchOptions = searchOptions.Value;
        _stemmer = stemmer;
        _current = Load();
    }

    public KnowledgeSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Where the knowledge was loaded from, for logs.</summary>
    public string Origin => string.IsNullOrWhiteSpace(_options.IndexFile) ? _options.ResolveDirectory() : _options.IndexFile;

    private KnowledgeSnapshot Load() =>
        string.IsNullOrWhiteSpace(_options.IndexFile)
            ? KnowledgeSnapshot.Build(_options.ResolveDirectory(), _stemmer, _searchOptions)
            : KnowledgeSnapshot.Open(_options.IndexFile, _stemmer, _searchOptions);

    public void Dispose() => Current.Dispose();
}
