using AdvisorBot.Core.Knowledge;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Knowledge;

/// <summary>
/// Reloads the knowledge when its files change on disk (<c>Knowledge:WatchForChanges</c>, on by
/// default): the articles folder, or the index file when one is configured. Changes are debounced
/// so that one save, or a copy of several files, makes one reload; a reload that fails (a file half
/// written, a bad article) is logged and the current knowledge keeps answering until the next change.
/// </summary>
public sealed class KnowledgeWatcher(
    KnowledgeProvider provider,
    IOptions<KnowledgeOptions> options,
    TimeProvider time,
    ILogger<KnowledgeWatcher> logger) : IHostedService, IDisposable
{
    private FileSystemWatcher? _watcher;
    private ITimer? _debounce;
    private string? _indexFileName;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.WatchForChanges)
        {
            logger.LogInformation("Knowledge:WatchForChanges is off: knowledge changes are picked up only by POST /api/desk/reload or a restart");
            return Task.CompletedTask;
        }

        string directory;
        if (string.IsNullOrWhiteSpace(settings.IndexFile))
        {
            directory = settings.ResolveDirectory();
        }
        else
        {
            var indexFile = Path.GetFullPath(settings.IndexFile);
            directory = Path.GetDirectoryName(indexFile)!;
            _indexFileName = Path.GetFileName(indexFile);
        }

        // The timer's thread only asks for the reload; the provider rebuilds on a thread of its own.
        _debounce = time.CreateTimer(_ => _ = ReloadAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += (_, change) => OnChange(change.Name);
        _watcher.Created += (_, change) => OnChange(change.Name);
        _watcher.Deleted += (_, change) => OnChange(change.Name);
        _watcher.Renamed += (_, change) =>
        {
            OnChange(change.OldName);
            OnChange(change.Name);
        };
        // A lost event (buffer overflow) may have been a real change: reload to be sure.
        _watcher.Error += (_, error) =>
        {
            logger.LogWarning(error.GetException(), "Watching {Directory} for knowledge changes lost events; reloading to be sure", directory);
            Schedule();
        };
        _watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching {Path} for knowledge changes (debounce {Debounce} ms)",
            _indexFileName is null ? directory : Path.Combine(directory, _indexFileName), (int)settings.WatchDebounce.TotalMilliseconds);
        return Task.CompletedTask;
    }

    private void OnChange(string? name)
    {
        if (name is null)
            return;
        var relevant = _indexFileName is null ? KnowledgeBase.IsKnowledgeFile(name) : name == _indexFileName;
        if (relevant)
            Schedule();
    }

    /// <summary>(Re)starts the quiet period; the reload runs when it ends without further changes.</summary>
    private void Schedule() => _debounce?.Change(options.Value.WatchDebounce, Timeout.InfiniteTimeSpan);

    private async Task ReloadAsync()
    {
        try
        {
            // The provider logs what it loaded, or why it refused.
            await provider.ReloadAsync();
        }
        catch (Exception error)
        {
            logger.LogError(error, "Knowledge reload after a file change failed");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
        _debounce?.Dispose();
        _debounce = null;
    }
}
