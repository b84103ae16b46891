using AdvisorBot.Core.Search;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Knowledge;

/// <summary>
/// Holds the knowledge snapshot the host answers from. <see cref="Current"/> is swapped whole on
/// <see cref="ReloadAsync"/>, so a question in flight keeps the snapshot it started with: a replaced
/// snapshot is disposed only after <see cref="KnowledgeOptions.RetireAfter"/> has passed (for
/// callers that read <see cref="Current"/> directly) and the last <see cref="Acquire"/> lease on it
/// has ended. A reload that fails leaves the current snapshot answering.
/// </summary>
public sealed class KnowledgeProvider : IDisposable
{
    private readonly KnowledgeOptions _options;
    private readonly SearchOptions _searchOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<KnowledgeProvider> _logger;
    private readonly Lock _scheduleGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Holder> _retiring = [];
    private Holder _current;
    private bool _disposed;

    /// <summary>The last reload asked for; the next one starts when it has ended.</summary>
    private Task _latest = Task.CompletedTask;

    /// <summary>A reload asked for that has not started reading the files yet, or null.</summary>
    private TaskCompletionSource<KnowledgeReloadResult>? _pending;

    public KnowledgeProvider(IOptions<KnowledgeOptions> options, IOptions<SearchOptions> searchOptions, TimeProvider time, ILogger<KnowledgeProvider> logger)
    {
        _options = options.Value;
        _searchOptions = searchOptions.Value;
        _time = time;
        _logger = logger;
        _current = Load();
    }

    public KnowledgeSnapshot Current => Volatile.Read(ref _current).Snapshot;

    /// <summary>Where the knowledge was loaded from, for logs.</summary>
    public string Origin => string.IsNullOrWhiteSpace(_options.IndexFile) ? _options.ResolveDirectory() : Path.GetFullPath(_options.IndexFile);

    /// <summary>Raised after a reload swapped in a new snapshot (not after one that failed or found nothing changed).</summary>
    public event Action<KnowledgeReloadResult>? Reloaded;

    /// <summary>
    /// The current snapshot, kept from disposal until the lease is disposed, however many reloads
    /// happen meanwhile. For work that may outlast <see cref="KnowledgeOptions.RetireAfter"/>.
    /// </summary>
    public KnowledgeLease Acquire()
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
            var holder = Volatile.Read(ref _current);
            // Fails only for a holder already retired and released; the next read sees its successor.
            if (holder.TryAddLease())
                return new KnowledgeLease(holder);
        }
    }

    /// <summary>
    /// Loads the knowledge again (the folder, or the index file when one is configured) and swaps
    /// it in. All or nothing: if any file is bad the reload is refused with the error naming it,
    /// and the current snapshot keeps answering.
    /// <para>A rebuild parses and embeds every passage, seconds of work: it runs on a thread of its
    /// own, never on the caller's, so a request waiting for it holds no pool thread. Reloads run one
    /// at a time. One asked for while another runs starts when that one ends, and serves everyone
    /// who asked meanwhile: it reads the files after each of them asked, so each sees the change
    /// they made, and a burst of requests costs at most two rebuilds.</para>
    /// <para><paramref name="cancellationToken"/> stops the waiting, not the reload.</para>
    /// </summary>
    public Task<KnowledgeReloadResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        TaskCompletionSource<KnowledgeReloadResult>? started = null;
        Task previous;
        Task<KnowledgeReloadResult> reload;
        lock (_scheduleGate)
        {
            previous = _latest;
            if (_pending is null)
            {
                started = _pending = new TaskCompletionSource<KnowledgeReloadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                _latest = started.Task;
            }
            reload = _pending.Task;
        }
        if (started is not null)
            _ = RunAfterAsync(previous, started);
        return reload.WaitAsync(cancellationToken);
    }

    private async Task RunAfterAsync(Task previous, TaskCompletionSource<KnowledgeReloadResult> reload)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // The files are read from here on: whoever asks now needs the next reload to see their change.
        lock (_scheduleGate)
            _pending = null;
        try
        {
            reload.SetResult(await Task.Factory.StartNew(Reload, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        }
        catch (Exception error)
        {
            reload.SetException(error);
        }
    }

    private KnowledgeReloadResult Reload()
    {
        Holder fresh;
        try
        {
            fresh = Load();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            var current = Current;
            _logger.LogError("Knowledge reload from {Origin} refused, still answering from fingerprint {Fingerprint}: {Error}", Origin, current.Knowledge.Fingerprint, error.Message);
            return KnowledgeReloadResult.Refused(error.Message, current);
        }

        var old = _current;
        if (fresh.Snapshot.Knowledge.Fingerprint == old.Snapshot.Knowledge.Fingerprint)
        {
            fresh.Release();
            _logger.LogInformation("Knowledge reload from {Origin}: nothing changed (fingerprint {Fingerprint})", Origin, old.Snapshot.Knowledge.Fingerprint);
            return KnowledgeReloadResult.Loaded(old.Snapshot, changed: false);
        }

        Volatile.Write(ref _current, fresh);
        Retire(old);
        var result = KnowledgeReloadResult.Loaded(fresh.Snapshot, changed: true);
        _logger.LogInformation("Knowledge reloaded from {Origin}: {Passages} passages from {Articles} articles, fingerprint {Fingerprint} (was {OldFingerprint})",
            Origin, result.Passages, result.Articles, result.Fingerprint, old.Snapshot.Knowledge.Fingerprint);
        Reloaded?.Invoke(result);
        return result;
    }

    private Holder Load()
    {
        // An index file is read whole into memory, so a new one copied over it in place never
        // disturbs the snapshot answering questions.
        if (string.IsNullOrWhiteSpace(_options.IndexFile))
            return new Holder(KnowledgeSnapshot.Build(_options.ResolveDirectory(), _searchOptions));
        return new Holder(KnowledgeSnapshot.Open(Path.GetFullPath(_options.IndexFile), _searchOptions));
    }

    /// <summary>Gives up the provider's own reference to a replaced snapshot once the grace time
    /// is over; leases still held keep it open until they end.</summary>
    private void Retire(Holder old)
    {
        lock (_retiring)
            _retiring.Add(old);
        _ = RetireLaterAsync(old);
    }

    private async Task RetireLaterAsync(Holder old)
    {
        try
        {
            await Task.Delay(_options.RetireAfter, _time, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Disposing the provider releases it instead.
            return;
        }
        lock (_retiring)
        {
            if (!_retiring.Remove(old))
                return;
        }
        old.Release();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, true))
            return;
        _stopping.Cancel();
        List<Holder> retiring;
        lock (_retiring)
        {
            retiring = [.. _retiring];
            _retiring.Clear();
        }
        foreach (var holder in retiring)
            holder.Release();
        _current.Release();
        _stopping.Dispose();
    }

    /// <summary>A snapshot with a count of who still uses it: the provider (while it is current or
    /// in its grace time) and every lease. The last one out disposes it.</summary>
    internal sealed class Holder(KnowledgeSnapshot snapshot)
    {
        private int _references = 1;

        public KnowledgeSnapshot Snapshot { get; } = snapshot;

        public bool TryAddLease()
        {
            while (true)
            {
                var references = Volatile.Read(ref _references);
                if (references == 0)
                    return false;
                if (Interlocked.CompareExchange(ref _references, references + 1, references) == references)
                    return true;
            }
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) != 0)
                return;
            Snapshot.Dispose();
        }
    }
}

/// <summary>A snapshot in use; dispose it when done so that a replaced snapshot can be freed.</summary>
public sealed class KnowledgeLease : IDisposable
{
    private KnowledgeProvider.Holder? _holder;

    internal KnowledgeLease(KnowledgeProvider.Holder holder)
    {
        _holder = holder;
        Snapshot = holder.Snapshot;
    }

    public KnowledgeSnapshot Snapshot { get; }

    public void Dispose() => Interlocked.Exchange(ref _holder, null)?.Release();
}

/// <summary>What a reload did: swapped in new knowledge, found it unchanged, or was refused with the error.</summary>
public sealed record KnowledgeReloadResult(bool Succeeded, bool Changed, string? Error, int Passages, int Articles, string Fingerprint)
{
    public static KnowledgeReloadResult Loaded(KnowledgeSnapshot snapshot, bool changed) =>
        new(true, changed, null, snapshot.Knowledge.Passages.Count, snapshot.Knowledge.Articles.Count, snapshot.Knowledge.Fingerprint);

    /// <summary>Refused: <see cref="Error"/> says why; the counts and fingerprint are those of the knowledge still answering.</summary>
    public static KnowledgeReloadResult Refused(string error, KnowledgeSnapshot current) =>
        new(false, false, error, current.Knowledge.Passages.Count, current.Knowledge.Articles.Count, current.Knowledge.Fingerprint);
}
