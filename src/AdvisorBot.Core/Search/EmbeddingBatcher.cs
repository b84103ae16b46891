using System.Diagnostics;
using System.Threading.Channels;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Dynamic batching, as inference servers do it: texts asked for at about the same time go
/// through the model together, in one run. A run of the model has a cost of its own beside the
/// cost of its tokens, and a batch shares it: on two cores a question in a run of sixteen took
/// half the processor time of a question run alone (5.2 against 10.5 ms). Each of the
/// <c>workers</c> (the runs that may go at once) takes whatever is waiting, up to <c>maxBatch</c>; when
/// it finds fewer, it waits at most <c>maxWait</c> from the first one's arrival for companions,
/// then runs the model once (each text padded to the longest of the batch, under an attention
/// mask, so its vector is the one it would have alone). The queue is bounded: when it is full,
/// callers wait for room rather than pile up without limit.
/// A caller who gives up (cancels) before its batch runs is left out of it; a model run that
/// fails fails the callers of that batch only.
/// </summary>
internal sealed class EmbeddingBatcher
{
    private sealed record Request(string Text, TaskCompletionSource<float[]> Vector, CancellationToken Cancellation, long Arrived);

    private readonly Func<IReadOnlyList<string>, float[][]> _encode;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxWait;
    private readonly Channel<Request> _queue;

    /// <param name="encode">Vectors of a batch of texts, in order, from one model run.</param>
    public EmbeddingBatcher(Func<IReadOnlyList<string>, float[][]> encode, int maxBatch, TimeSpan maxWait, int capacity, int workers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _encode = encode;
        _maxBatch = maxBatch;
        _maxWait = maxWait;
        _queue = Channel.CreateBounded<Request>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
        for (var i = 0; i < workers; i++)
            _ = Task.Run(WorkAsync);
    }

    /// <summary>Batches run so far and texts they held (for measuring).</summary>
    public (long Batches, long Texts) Runs => (Interlocked.Read(ref _batches), Interlocked.Read(ref _texts));

    private long _batches;
    private long _texts;

    public async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken = default)
    {
        var request = new Request(text, new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken, Stopwatch.GetTimestamp());
        await _queue.Writer.WriteAsync(request, cancellationToken);
        return await request.Vector.Task.WaitAsync(cancellationToken);
    }

    private async Task WorkAsync()
    {
        var batch = new List<Request>(_maxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            Take(reader, batch);
            if (batch.Count == 0)
                continue;
            while (batch.Count < _maxBatch && _maxWait > TimeSpan.Zero)
            {
                var left = _maxWait - Stopwatch.GetElapsedTime(batch[0].Arrived);
                if (left <= TimeSpan.Zero)
                    break;
                var more = reader.WaitToReadAsync().AsTask();
                if (await Task.WhenAny(more, Task.Delay(left)) != more)
                    break;
                Take(reader, batch);
            }
            Run(batch);
        }
    }

    private void Take(ChannelReader<Request> reader, List<Request> batch)
    {
        while (batch.Count < _maxBatch && reader.TryRead(out var request))
        {
            if (request.Cancellation.IsCancellationRequested)
                request.Vector.TrySetCanceled(request.Cancellation);
            else
                batch.Add(request);
        }
    }

    private void Run(List<Request> batch)
    {
        try
        {
            var vectors = _encode(batch.Select(request => request.Text).ToList());
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _texts, batch.Count);
            for (var i = 0; i < batch.Count; i++)
                batch[i].Vector.TrySetResult(vectors[i]);
        }
        catch (Exception error)
        {
            foreach (var request in batch)
                request.Vector.TrySetException(error);
        }
    }
}
