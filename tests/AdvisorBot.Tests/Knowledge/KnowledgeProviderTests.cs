using AdvisorBot.Core.Search;
using AdvisorBot.Hosting;
using AdvisorBot.Knowledge;
using AdvisorBot.Tests.Desk;
using AdvisorBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Tests.Knowledge;

/// <summary>A replaced snapshot stays open for whoever still uses it, and is freed after.</summary>
public sealed class KnowledgeProviderTests
{
    [Fact]
    public async Task A_leased_snapshot_keeps_answering_after_a_reload_and_is_disposed_when_the_lease_ends()
    {
        using var knowledge = SmallCorpus.Create();
        using var provider = Provider(knowledge.Path, TimeSpan.Zero);
        var lease = provider.Acquire();

        knowledge.Write("gamma.md", ReloadTests.GammaArticle);
        var result = await provider.ReloadAsync();

        Assert.True(result.Changed);
        Assert.NotSame(lease.Snapshot, provider.Current);
        Assert.True(lease.Snapshot.Searcher.Search("Does Alpha have an ORM?").Answered);
        var old = lease.Snapshot;
        lease.Dispose();
        Assert.ThrowsAny<Exception>(() => old.Searcher.Search("Does Alpha have an ORM?"));
    }

    [Fact]
    public async Task A_replaced_snapshot_read_without_a_lease_stays_open_for_the_grace_time()
    {
        using var knowledge = SmallCorpus.Create();
        using var provider = Provider(knowledge.Path, TimeSpan.FromMinutes(5));
        var old = provider.Current;

        knowledge.Write("gamma.md", ReloadTests.GammaArticle);
        await provider.ReloadAsync();

        Assert.True(old.Searcher.Search("Does Alpha have an ORM?").Answered);
    }

    [Fact]
    public async Task A_refused_reload_leaves_the_current_snapshot_in_place_and_says_why()
    {
        using var knowledge = SmallCorpus.Create();
        using var provider = Provider(knowledge.Path, TimeSpan.Zero);
        var current = provider.Current;

        knowledge.Write("broken.md", "no front matter\n");
        var result = await provider.ReloadAsync();

        Assert.False(result.Succeeded);
        Assert.Contains("broken.md", result.Error);
        Assert.Same(current, provider.Current);
        Assert.True(provider.Current.Searcher.Search("Does Alpha have an ORM?").Answered);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_for_a_reload_does_not_stop_it()
    {
        using var knowledge = SmallCorpus.Create();
        using var provider = Provider(knowledge.Path, TimeSpan.Zero);
        var reloaded = new TaskCompletionSource<KnowledgeReloadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Reloaded += result => reloaded.TrySetResult(result);
        using var gaveUp = new CancellationTokenSource();
        await gaveUp.CancelAsync();

        knowledge.Write("gamma.md", ReloadTests.GammaArticle);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.ReloadAsync(gaveUp.Token));

        var result = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, result.Articles);
        Assert.Equal(result.Fingerprint, provider.Current.Knowledge.Fingerprint);
    }

    private static KnowledgeProvider Provider(string directory, TimeSpan retireAfter) => new(
        Options.Create(new KnowledgeOptions { Directory = directory, RetireAfter = retireAfter }),
        Options.Create(new SearchOptions()),
        TimeProvider.System,
        NullLogger<KnowledgeProvider>.Instance);
}
