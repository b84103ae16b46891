using AdvisorBot.Core.Search;

namespace AdvisorBot.Tests.Search;

/// <summary>The batching of concurrent texts into model runs, with a stand-in for the model whose
/// timing and failures the test decides (the real model's vectors are checked in
/// <see cref="QuestionEmbeddingTests"/>).</summary>
public sealed class EmbeddingBatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A model whose first run waits until the test lets it finish, so that the texts
    /// asked meanwhile queue up; each vector is the text's length, and a text "fail" fails its run.</summary>
    private sealed class HeldModel
    {
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource FirstRunStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly List<string[]> Runs = [];

        public float[][] Encode(IReadOnlyList<string> texts)
        {
            lock (Runs)
                Runs.Add([.. texts]);
            FirstRunStarted.TrySetResult();
            Release.Task.Wait(Patience);
            if (texts.Contains("fail"))
                throw new InvalidOperationException("the model run failed");
            return [.. texts.Select(text => new float[] { text.Length })];
        }
    }

    private static async Task<Task<float[]>[]> AskWhileTheFirstRunIsHeld(EmbeddingBatcher batcher, HeldModel model, params string[] texts)
    {
        var first = batcher.EmbedAsync("held");
        await model.FirstRunStarted.Task.WaitAsync(Patience);
        var asked = texts.Select(text => batcher.EmbedAsync(text)).ToArray();
        // Give every one time to be queued before the model is free again.
        await Task.Delay(100);
        model.Release.SetResult();
        Assert.Equal(new[] { 4f }, await first.WaitAsync(Patience));
        return asked;
    }

    [Fact]
    public async Task Texts_that_arrive_while_the_model_is_busy_go_through_it_together_in_order_and_each_gets_its_own_vector()
    {
        var model = new HeldModel();
        var batcher = new EmbeddingBatcher(model.Encode, maxBatch: 3, maxWait: TimeSpan.Zero, capacity: 16);

        var asked = await AskWhileTheFirstRunIsHeld(batcher, model, "a", "bb", "ccc", "dddd", "eeeee");

        var vectors = await Task.WhenAll(asked).WaitAsync(Patience);
        Assert.Equal([1f, 2f, 3f, 4f, 5f], vectors.Select(vector => vector[0]));
        Assert.Equal([["held"], ["a", "bb", "ccc"], ["dddd", "eeeee"]], model.Runs);
    }

    [Fact]
    public async Task With_two_workers_a_second_run_goes_while_the_first_is_still_in_the_model()
    {
        // Each run waits until two are in the model at once: one worker alone could never get there.
        var inTheModel = 0;
        var bothIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        float[][] Encode(IReadOnlyList<string> texts)
        {
            if (Interlocked.Increment(ref inTheModel) == 2)
                bothIn.TrySetResult();
            bothIn.Task.Wait(Patience);
            Interlocked.Decrement(ref inTheModel);
            return [.. texts.Select(text => new float[] { text.Length })];
        }
        var batcher = new EmbeddingBatcher(Encode, maxBatch: 1, maxWait: TimeSpan.Zero, capacity: 16, workers: 2);

        var vectors = await Task.WhenAll(batcher.EmbedAsync("a"), batcher.EmbedAsync("bb")).WaitAsync(Patience);

        Assert.True(bothIn.Task.IsCompletedSuccessfully);
        Assert.Equal([1f, 2f], vectors.Select(vector => vector[0]));
    }

    [Fact]
    public async Task A_failed_model_run_fails_only_the_callers_in_that_batch()
    {
        var model = new HeldModel();
        var batcher = new EmbeddingBatcher(model.Encode, maxBatch: 2, maxWait: TimeSpan.Zero, capacity: 16);

        var asked = await AskWhileTheFirstRunIsHeld(batcher, model, "fail", "ok", "later");

        await Assert.ThrowsAsync<InvalidOperationException>(() => asked[0].WaitAsync(Patience));
        await Assert.ThrowsAsync<InvalidOperationException>(() => asked[1].WaitAsync(Patience));
        Assert.Equal(new[] { 5f }, await asked[2].WaitAsync(Patience));
        Assert.Equal(new[] { 3f }, await batcher.EmbedAsync("new").WaitAsync(Patience));
    }

    [Fact]
    public async Task A_caller_who_gives_up_gets_a_cancellation_and_is_left_out_of_the_next_run()
    {
        var model = new HeldModel();
        var batcher = new EmbeddingBatcher(model.Encode, maxBatch: 8, maxWait: TimeSpan.Zero, capacity: 16);
        var first = batcher.EmbedAsync("held");
        await model.FirstRunStarted.Task.WaitAsync(Patience);
        using var giveUp = new CancellationTokenSource();
        var abandoned = batcher.EmbedAsync("abandoned", giveUp.Token);
        var kept = batcher.EmbedAsync("kept");

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Patience));
        model.Release.SetResult();

        Assert.Equal(new[] { 4f }, await kept.WaitAsync(Patience));
        Assert.Equal(new[] { 4f }, await first.WaitAsync(Patience));
        Assert.DoesNotContain(model.Runs, run => run.Contains("abandoned"));
    }

    [Fact]
    public async Task A_lone_text_waits_at_most_the_batch_wait_for_companions()
    {
        var batcher = new EmbeddingBatcher(texts => [.. texts.Select(text => new float[] { text.Length })], maxBatch: 8, maxWait: TimeSpan.FromMilliseconds(50), capacity: 16);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(new[] { 5f }, await batcher.EmbedAsync("alone").WaitAsync(Patience));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(45), $"ran after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task When_the_queue_is_full_a_caller_waits_for_room_and_can_give_up()
    {
        var model = new HeldModel();
        var batcher = new EmbeddingBatcher(model.Encode, maxBatch: 1, maxWait: TimeSpan.Zero, capacity: 1);
        var first = batcher.EmbedAsync("held");
        await model.FirstRunStarted.Task.WaitAsync(Patience);
        var queued = batcher.EmbedAsync("queued");
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batcher.EmbedAsync("no room", giveUp.Token));

        model.Release.SetResult();
        Assert.Equal(new[] { 6f }, await queued.WaitAsync(Patience));
        Assert.Equal(new[] { 4f }, await first.WaitAsync(Patience));
    }
}
