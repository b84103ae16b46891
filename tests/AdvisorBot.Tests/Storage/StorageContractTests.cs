using System.Collections.Concurrent;
using System.Data.Common;
using AdvisorBot.Core.Feedback;
using AdvisorBot.Core.Flow;
using AdvisorBot.Core.Storage;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Storage;

/// <summary>
/// The storage contract, run on both backends (<see cref="SqliteStorageContractTests"/>,
/// <see cref="PostgresStorageContractTests"/>). "Replicas" are separate <see cref="StateDatabase"/>
/// instances on the same data, each with its own connections, as separate processes would have.
/// </summary>
public abstract class StorageContractTests : IAsyncLifetime
{
    private readonly List<StateDatabase> _opened = [];
    private string _location = "";

    protected TestTime Time { get; } = new();

    /// <summary>The first replica's database.</summary>
    protected StateDatabase Database { get; private set; } = null!;

    /// <summary>Where a new, empty database is (a file path or a connection string).</summary>
    protected abstract Task<string> NewLocationAsync();

    protected abstract StateDatabase Open(string location);

    public async Task InitializeAsync()
    {
        _location = await NewLocationAsync();
        Database = Replica();
    }

    public Task DisposeAsync()
    {
        foreach (var database in _opened)
            database.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Another replica on the same data.</summary>
    protected StateDatabase Replica() => Track(Open(_location));

    private StateDatabase Track(StateDatabase database)
    {
        _opened.Add(database);
        return database;
    }

    // ---- guided-flow state: optimistic concurrency ----

    [Fact]
    public async Task A_flow_write_based_on_a_stale_version_is_refused()
    {
        var store = FlowStore(Database);
        var fresh = FlowState.New(DateTimeOffset.UnixEpoch);
        Assert.True(await store.TrySaveAsync("k", null, fresh));
        Assert.False(await store.TrySaveAsync("k", null, fresh));
        var read = (await store.LoadAsync("k"))!;

        Assert.True(await store.TrySaveAsync("k", read.Version, read.State with { Misses = 1 }));
        Assert.False(await store.TrySaveAsync("k", read.Version, read.State with { Misses = 2 }));
        Assert.False(await store.TryDeleteAsync("k", read.Version));
        Assert.Equal(1, (await store.LoadAsync("k"))!.State.Misses);
        Assert.True(await store.TryDeleteAsync("k", read.Version + 1));
        Assert.Null(await store.LoadAsync("k"));
    }

    [Fact]
    public async Task Twenty_concurrent_updates_of_one_flow_on_two_replicas_lose_nothing()
    {
        var stores = new[] { FlowStore(Database), FlowStore(Replica()) };
        Assert.True(await stores[0].TrySaveAsync("ana", null, FlowState.New(Time.GetUtcNow())));
        var conflicts = 0;

        // Each writer adds its own answer, reading again and retrying whenever another wrote first.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(writer => Task.Run(async () =>
        {
            var store = stores[writer % 2];
            while (true)
            {
                var stored = (await store.LoadAsync("ana"))!;
                var answers = new Dictionary<string, string>(stored.State.Answers) { [$"step{writer}"] = "yes" };
                if (await store.TrySaveAsync("ana", stored.Version, stored.State with { Answers = answers }))
                    return;
                Interlocked.Increment(ref conflicts);
            }
        })));

        var final = (await stores[1].LoadAsync("ana"))!;
        Assert.Equal(Enumerable.Range(0, 20).Select(writer => $"step{writer}").Order(), final.State.Answers.Keys.Order());
        Assert.Equal(21, final.Version);
    }

    // ---- inbound claims ----

    [Fact]
    public async Task A_key_is_claimed_once_across_replicas()
    {
        var claims = new[] { new InboundClaims(Database, Time), new InboundClaims(Replica(), Time) };

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(attempt =>
            Task.Run(() => claims[attempt % 2].TryClaimAsync("slack:event:Ev01", TimeSpan.FromHours(1)))));

        Assert.Single(results, claimed => claimed);
    }

    [Fact]
    public async Task A_claim_is_free_again_once_expired_or_released()
    {
        var first = new InboundClaims(Database, Time);
        var second = new InboundClaims(Replica(), Time);
        Assert.True(await first.TryClaimAsync("bf:activity:1", TimeSpan.FromMinutes(10)));
        Assert.False(await second.TryClaimAsync("bf:activity:1", TimeSpan.FromMinutes(10)));

        Time.Advance(TimeSpan.FromMinutes(11));
        Assert.True(await second.TryClaimAsync("bf:activity:1", TimeSpan.FromMinutes(10)));
        Assert.False(await first.TryClaimAsync("bf:activity:1", TimeSpan.FromMinutes(10)));

        await second.ReleaseAsync(["bf:activity:1"]);
        Assert.True(await first.TryClaimAsync("bf:activity:1", TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public async Task Claiming_several_keys_is_all_or_nothing()
    {
        var claims = new InboundClaims(Database, Time);
        Assert.True(await claims.TryClaimAsync(["event:Ev1", "message:C1/1.0"], TimeSpan.FromHours(1)));

        // The retry of the same message under a new event id: refused, and its new key not taken.
        Assert.False(await claims.TryClaimAsync(["event:Ev2", "message:C1/1.0"], TimeSpan.FromHours(1)));
        Assert.True(await claims.TryClaimAsync(["event:Ev2"], TimeSpan.FromHours(1)));
    }

    // ---- the durable work queue ----

    [Fact]
    public async Task Queued_work_is_claimed_once_across_replicas()
    {
        var queues = new[] { new WorkQueue(Database, Time), new WorkQueue(Replica(), Time) };
        for (var i = 0; i < 30; i++)
            Assert.True(await queues[0].EnqueueAsync("slack", $"Ev{i}", $"C{i}", $"payload {i}"));
        var taken = new ConcurrentBag<string>();

        // Four workers, two per replica, take work until there is none.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var queue = queues[worker % 2];
            while (await queue.TryClaimAsync("slack", $"worker{worker}", TimeSpan.FromMinutes(1)) is { } item)
            {
                taken.Add(item.Key);
                Assert.True(await queue.CompleteAsync(item));
            }
        })));

        Assert.Equal(30, taken.Count);
        Assert.Equal(30, taken.Distinct().Count());
        Assert.Equal(0, await queues[1].PendingAsync("slack"));
    }

    [Fact]
    public async Task Work_whose_worker_died_is_delivered_again_after_its_lease_with_what_was_recorded()
    {
        var dying = new WorkQueue(Database, Time);
        var survivor = new WorkQueue(Replica(), Time);
        await dying.EnqueueAsync("slack", "Ev1", "C1", "{\"text\":\"hi\"}");
        var first = (await dying.TryClaimAsync("slack", "a", TimeSpan.FromSeconds(30)))!;
        Assert.True(await dying.RecordResultAsync(first, "[\"answer 1\",\"answer 2\"]"));
        Assert.True(await dying.RecordProgressAsync(first, 1));

        // The worker dies here. While its lease runs, nobody else takes the work.
        Assert.Null(await survivor.TryClaimAsync("slack", "b", TimeSpan.FromSeconds(30)));
        Time.Advance(TimeSpan.FromSeconds(31));
        var again = (await survivor.TryClaimAsync("slack", "b", TimeSpan.FromSeconds(30)))!;

        Assert.Equal(("Ev1", 2, "[\"answer 1\",\"answer 2\"]", 1), (again.Key, again.Attempts, again.Result, again.Progress));
        // The first worker, late, can no longer change it.
        Assert.False(await dying.RecordProgressAsync(first, 2));
        Assert.False(await dying.CompleteAsync(first));
        Assert.True(await survivor.CompleteAsync(again));
        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await dying.TryClaimAsync("slack", "a", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Work_is_queued_once_per_key_even_after_it_is_done()
    {
        var queue = new WorkQueue(Database, Time);
        Assert.True(await queue.EnqueueAsync("slack", "Ev1", "C1", "first"));
        Assert.False(await new WorkQueue(Replica(), Time).EnqueueAsync("slack", "Ev1", "C1", "retry"));
        var item = (await queue.TryClaimAsync("slack", "a", TimeSpan.FromSeconds(30)))!;
        await queue.CompleteAsync(item);

        Assert.False(await queue.EnqueueAsync("slack", "Ev1", "C1", "late retry"));
        Assert.True(await queue.EnqueueAsync("other", "Ev1", "C1", "another queue's"));
    }

    [Fact]
    public async Task Work_of_one_partition_is_done_in_order_one_at_a_time()
    {
        var queue = new WorkQueue(Database, Time);
        await queue.EnqueueAsync("slack", "a1", "A", "");
        await queue.EnqueueAsync("slack", "a2", "A", "");
        await queue.EnqueueAsync("slack", "b1", "B", "");

        var a1 = (await queue.TryClaimAsync("slack", "w", TimeSpan.FromMinutes(1)))!;
        var b1 = (await queue.TryClaimAsync("slack", "w", TimeSpan.FromMinutes(1)))!;
        Assert.Null(await queue.TryClaimAsync("slack", "w", TimeSpan.FromMinutes(1)));
        await queue.CompleteAsync(a1);
        var a2 = (await queue.TryClaimAsync("slack", "w", TimeSpan.FromMinutes(1)))!;

        Assert.Equal(["a1", "b1", "a2"], new[] { a1.Key, b1.Key, a2.Key });
    }

    [Fact]
    public async Task Failed_work_is_retried_later_and_can_be_given_up()
    {
        var queue = new WorkQueue(Database, Time);
        await queue.EnqueueAsync("slack", "Ev1", "C1", "");
        var first = (await queue.TryClaimAsync("slack", "w", TimeSpan.FromMinutes(1)))!;
        Assert.True(await queue.RetryLaterAsync(first, Time.GetUtcNow() + TimeSpan.FromSeconds(10), "Slack answered 503"));

        Assert.Null(await queue.TryClaimAsync("slack", "w", TimeSpan.FromMinutes(1)));
        Time.Advance(TimeSpan.FromSeconds(11));
        var second = (await queue.TryClaimAsync("slack", "w", TimeSpan.FromMinutes(1)))!;
        Assert.Equal(2, second.Attempts);
        Assert.True(await queue.FailAsync(second, "Slack answered 503 again"));

        Assert.Null(await queue.TryClaimAsync("slack", "w", TimeSpan.FromMinutes(1)));
        Assert.Equal(0, await queue.PendingAsync("slack"));
    }

    // ---- hosted (Direct Line) conversations ----

    [Fact]
    public async Task A_hosted_conversation_started_on_one_replica_is_read_and_continued_on_another()
    {
        var first = new HostedConversationStore(Database, Time);
        var second = new HostedConversationStore(Replica(), Time);
        var expires = Time.GetUtcNow() + TimeSpan.FromMinutes(30);
        await first.CreateAsync(new HostedConversation("conv1", "user1", expires), new HostedToken([1, 2, 3], expires), maxConversations: 10);
        await first.AppendAsync("conv1", sequence => $"{{\"n\":{sequence}}}", maxActivities: 10);

        var (conversation, tokens) = (await second.FindAsync("conv1"))!.Value;
        Assert.Equal("user1", conversation.UserId);
        Assert.Equal([1, 2, 3], Assert.Single(tokens).Hash);
        await second.AppendAsync("conv1", sequence => $"{{\"n\":{sequence}}}", maxActivities: 10);
        await first.AppendAsync("conv1", sequence => $"{{\"n\":{sequence}}}", maxActivities: 10);

        var all = await second.SinceAsync("conv1", 0);
        Assert.Equal(["{\"n\":0}", "{\"n\":1}", "{\"n\":2}"], all.Activities);
        Assert.Equal(3, all.Watermark);
        var newer = await first.SinceAsync("conv1", 2);
        Assert.Equal(["{\"n\":2}"], newer.Activities);
        Assert.Empty((await first.SinceAsync("conv1", 3)).Activities);
        Assert.Null(await first.FindAsync("nobody"));
        Assert.Null(await first.AppendAsync("nobody", _ => "{}", maxActivities: 10));
    }

    [Fact]
    public async Task Appends_from_two_replicas_at_once_get_distinct_sequence_numbers()
    {
        var stores = new[] { new HostedConversationStore(Database, Time), new HostedConversationStore(Replica(), Time) };
        var expires = Time.GetUtcNow() + TimeSpan.FromMinutes(30);
        await stores[0].CreateAsync(new HostedConversation("conv1", "user1", expires), new HostedToken([1], expires), maxConversations: 10);

        var sequences = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => stores[i % 2].AppendAsync("conv1", sequence => $"{{\"n\":{sequence}}}", maxActivities: 100))));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long?)i), sequences.Order());
        var page = await stores[1].SinceAsync("conv1", 0);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{{\"n\":{i}}}"), page.Activities);
    }

    [Fact]
    public async Task Only_the_newest_tokens_activities_and_conversations_are_kept()
    {
        var store = new HostedConversationStore(Database, Time);
        var expires = Time.GetUtcNow() + TimeSpan.FromMinutes(30);
        await store.CreateAsync(new HostedConversation("conv1", "user1", expires), new HostedToken([1], expires), maxConversations: 2);
        Assert.True(await store.AddTokenAsync("conv1", new HostedToken([2], expires)));
        Assert.True(await store.AddTokenAsync("conv1", new HostedToken([3], expires)));
        for (var i = 0; i < 5; i++)
            await store.AppendAsync("conv1", sequence => $"{sequence}", maxActivities: 3);

        var (_, tokens) = (await store.FindAsync("conv1"))!.Value;
        Assert.Equal([[3], [2]], tokens.Select(token => token.Hash));
        var page = await store.SinceAsync("conv1", 0);
        Assert.Equal(["2", "3", "4"], page.Activities);
        Assert.Equal(5, page.Watermark);

        Time.Advance(TimeSpan.FromSeconds(1));
        await store.CreateAsync(new HostedConversation("conv2", "user2", expires), new HostedToken([4], expires), maxConversations: 2);
        Time.Advance(TimeSpan.FromSeconds(1));
        await store.AppendAsync("conv1", sequence => $"{sequence}", maxActivities: 3);
        Time.Advance(TimeSpan.FromSeconds(1));
        var evicted = await store.CreateAsync(new HostedConversation("conv3", "user3", expires), new HostedToken([5], expires), maxConversations: 2);

        Assert.Equal(1, evicted);
        Assert.Null(await store.FindAsync("conv2"));
        Assert.NotNull(await store.FindAsync("conv1"));
        Assert.NotNull(await store.FindAsync("conv3"));
    }

    // ---- feedback and unanswered questions ----

    [Fact]
    public async Task Declined_and_unhelpful_questions_are_listed_grouped_and_counted()
    {
        var feedback = new FeedbackStore(Database, Time);
        await feedback.RecordAnswerAsync("slack", "C1", "ana", "What's the weather in Berlin?", answered: false, 0.1, []);
        Time.Advance(TimeSpan.FromSeconds(1));
        await feedback.RecordAnswerAsync("msteams", "T1", "ben", "what's the WEATHER in berlin", answered: false, 0.1, []);
        Time.Advance(TimeSpan.FromSeconds(1));
        var helped = await feedback.RecordAnswerAsync("webchat", "W1", "cy", "Is Flask good for APIs?", answered: true, 0.9, ["p1", "p2"]);
        var unhelped = await feedback.RecordAnswerAsync("webchat", "W1", "cy", "Does Django scale?", answered: true, 0.8, ["p3"]);
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await feedback.RecordFeedbackAsync(helped, null, helpful: true, null, "webchat", "cy"));
        Assert.True(await new FeedbackStore(Replica(), Time).RecordFeedbackAsync(unhelped, null, helpful: false, "too vague", "webchat", "cy"));
        Assert.False(await feedback.RecordFeedbackAsync("no-such-answer", null, helpful: false, null, "webchat", "cy"));

        var unanswered = await feedback.UnansweredAsync();

        Assert.Equal(2, unanswered.Count);
        Assert.Equal(("Does Django scale?", 1, 0, 1), (unanswered[0].Question, unanswered[0].Times, unanswered[0].Declined, unanswered[0].MarkedUnhelpful));
        Assert.Equal(("what's the WEATHER in berlin", 2, 2, 0), (unanswered[1].Question, unanswered[1].Times, unanswered[1].Declined, unanswered[1].MarkedUnhelpful));
        Assert.Equal(["msteams", "slack"], unanswered[1].Channels);
        var recorded = (await new FeedbackStore(Replica(), Time).FindAnswerAsync(helped))!;
        Assert.Equal((true, 0.9), (recorded.Answered, recorded.Confidence));
        Assert.Equal(["p1", "p2"], recorded.PassageIds);
    }

    // ---- schema and purge ----

    [Fact]
    public async Task Migrations_run_once_when_several_replicas_start_at_once()
    {
        var replicas = Enumerable.Range(0, 5).Select(_ => Replica()).ToList();

        await Task.WhenAll(replicas.Select(replica => Task.Run(replica.EnsureMigrated)));

        Assert.All(replicas, replica => Assert.Equal(replicas[0].SchemaVersion, replica.SchemaVersion));
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, replicas[0].SchemaVersion).Select(version => (version, 1L)), await VersionsAsync(connection));
    }

    [Fact]
    public async Task Expired_rows_are_purged_and_live_ones_kept()
    {
        var claims = new InboundClaims(Database, Time);
        var queue = new WorkQueue(Database, Time);
        var conversations = new HostedConversationStore(Database, Time);
        var flows = FlowStore(Database);
        await claims.TryClaimAsync("old", TimeSpan.FromMinutes(1));
        await queue.EnqueueAsync("slack", "old", "C1", "");
        await queue.CompleteAsync((await queue.TryClaimAsync("slack", "w", TimeSpan.FromMinutes(1)))!);
        await conversations.CreateAsync(new HostedConversation("old", "u", Time.GetUtcNow() + TimeSpan.FromMinutes(30)), new HostedToken([1], Time.GetUtcNow() + TimeSpan.FromMinutes(30)), 10);
        await flows.TrySaveAsync("old", null, FlowState.New(Time.GetUtcNow()));

        Time.Advance(TimeSpan.FromDays(3));
        await claims.TryClaimAsync("new", TimeSpan.FromMinutes(1));
        await queue.EnqueueAsync("slack", "new", "C1", "");
        await conversations.CreateAsync(new HostedConversation("new", "u", Time.GetUtcNow() + TimeSpan.FromMinutes(30)), new HostedToken([2], Time.GetUtcNow() + TimeSpan.FromMinutes(30)), 10);
        await flows.TrySaveAsync("new", null, FlowState.New(Time.GetUtcNow()));

        // Purged from another replica's stores: the purge needs nothing of the process that wrote.
        var replica = Replica();
        IExpiringStore[] stores = [new InboundClaims(replica, Time), new WorkQueue(replica, Time), new HostedConversationStore(replica, Time), FlowStore(replica)];
        var purged = new List<int>();
        foreach (var store in stores)
            purged.Add(await store.PurgeExpiredAsync(CancellationToken.None));

        Assert.Equal([1, 1, 0, 1], purged); // the old conversation already made way when the new one started
        Assert.False(await claims.TryClaimAsync("new", TimeSpan.FromMinutes(1)));
        Assert.Equal(1, await queue.PendingAsync("slack"));
        Assert.NotNull(await conversations.FindAsync("new"));
        Assert.Null(await conversations.FindAsync("old"));
        Assert.NotNull(await flows.LoadAsync("new"));
        Assert.Null(await flows.LoadAsync("old"));
    }

    private FlowStateStore FlowStore(StateDatabase database) => new(database, Time, new FlowOptions());

    private static async Task<List<(int Version, long Count)>> VersionsAsync(DbConnection connection)
    {
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT version, count(*) FROM schema_migrations GROUP BY version ORDER BY version";
        await using var reader = await read.ExecuteReaderAsync();
        var versions = new List<(int, long)>();
        while (await reader.ReadAsync())
            versions.Add((reader.GetInt32(0), reader.GetInt64(1)));
        return versions;
    }
}

/// <summary>The contract on the embedded default: a fresh SQLite file per test.</summary>
public sealed class SqliteStorageContractTests : StorageContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override Task<string> NewLocationAsync() => Task.FromResult(Path.Combine(_directory.Path, "state.db"));

    protected override StateDatabase Open(string location) => new SqliteStateDatabase(location);

    public void Dispose() => _directory.Dispose();
}

/// <summary>The contract on PostgreSQL: a fresh database per test on the run's throwaway server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStorageContractTests(PostgresServer server) : StorageContractTests
{
    protected override Task<string> NewLocationAsync() => server.CreateDatabaseAsync();

    protected override StateDatabase Open(string location) => new PostgresStateDatabase(location);
}
