using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;
using AdvisorBot.Hosting;
using AdvisorBot.Knowledge;
using AdvisorBot.Tests.DirectLine;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Desk;

/// <summary>Reloading the knowledge while the bot answers: all or nothing, and nobody notices.</summary>
public sealed class ReloadTests
{
    public const string GammaArticle = """
        ---
        title: "Gamma in Practice"
        publisher: "Gamma Gazette"
        ---

        # Gamma in Practice

        ## Gamma Realtime

        Gamma pushes updates to browsers over websockets, with reconnection built in.
        """;

    private const string GammaQuestion = "Does Gamma support websockets?";
    private const string AlphaQuestion = "Does Alpha have an ORM?";

    [Fact]
    public async Task A_reload_after_an_article_is_added_answers_from_it_at_once()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path);
        var before = await AskAsync(host, GammaQuestion);
        var fingerprintBefore = await FingerprintAsync(host);

        knowledge.Write("gamma.md", GammaArticle);
        using var reload = await host.ApiClient.PostAsync("/api/desk/reload", null);
        var result = await reload.Content.ReadFromJsonAsync<JsonElement>();
        var after = await AskAsync(host, GammaQuestion);

        Assert.False(before.GetProperty("answered").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        Assert.True(result.GetProperty("changed").GetBoolean());
        Assert.Equal(3, result.GetProperty("articles").GetInt32());
        Assert.True(after.GetProperty("answered").GetBoolean());
        Assert.Equal("gamma/gamma-realtime/1", after.GetProperty("passages")[0].GetProperty("id").GetString());
        Assert.NotEqual(fingerprintBefore, await FingerprintAsync(host));
        Assert.Equal(result.GetProperty("fingerprint").GetString(), await FingerprintAsync(host));
    }

    [Fact]
    public async Task A_reload_with_a_bad_file_is_refused_naming_it_and_the_old_knowledge_keeps_answering()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path);
        var fingerprint = await FingerprintAsync(host);
        knowledge.Write("gamma.md", GammaArticle);
        knowledge.Write("broken.md", "Just some text, no front matter.\n");

        using var reload = await host.ApiClient.PostAsync("/api/desk/reload", null);
        var problem = await reload.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);
        Assert.Contains("broken.md", problem.GetProperty("error").GetString());
        Assert.Contains("keeps answering", problem.GetProperty("detail").GetString());
        Assert.Equal(fingerprint, await FingerprintAsync(host));
        Assert.True((await AskAsync(host, AlphaQuestion)).GetProperty("answered").GetBoolean());
        // All or nothing: the good new article did not come in with the bad one.
        Assert.False((await AskAsync(host, GammaQuestion)).GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task A_reload_that_finds_nothing_changed_says_so()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path);

        using var reload = await host.ApiClient.PostAsync("/api/desk/reload", null);
        var result = await reload.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        Assert.False(result.GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task Questions_asked_while_the_knowledge_is_reloaded_again_and_again_never_fail()
    {
        using var knowledge = SmallCorpus.Create();
        // No grace time: a replaced snapshot is freed as soon as the last question using it ends.
        await using var host = await DeskTestHost.StartAsync(knowledge.Path, new Dictionary<string, string?> { ["Knowledge:RetireAfter"] = "00:00:00" });
        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentBag<string>();
        // Each answer is signalled, so every reload waits for questions to run beside it.
        using var answered = new SemaphoreSlim(0);
        var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question = AlphaQuestion });
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || !JsonDocument.Parse(body).RootElement.GetProperty("answered").GetBoolean())
                    failures.Add($"{(int)response.StatusCode}: {body}");
                answered.Release();
            }
        })).ToList();

        var reloads = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            await AnswersAsync(answered, 3);
            // Each change is a real one: the fingerprint differs every time.
            knowledge.Write("gamma.md", GammaArticle + $"\nRevision {i}.\n");
            using var reload = await host.ApiClient.PostAsync("/api/desk/reload", null);
            reloads.Add(reload.StatusCode);
        }
        knowledge.Write("broken.md", "no front matter\n");
        using var refused = await host.ApiClient.PostAsync("/api/desk/reload", null);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.All(reloads, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("broken.md", await refused.Content.ReadAsStringAsync());
        Assert.True((await AskAsync(host, GammaQuestion)).GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task Chat_turns_and_api_questions_during_a_good_and_then_a_bad_reload_all_succeed()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path, new Dictionary<string, string?> { ["BotFramework:ConversationPermitLimit"] = "10000" });
        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentBag<string>();
        using var answered = new SemaphoreSlim(0);
        var api = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question = AlphaQuestion });
                if (response.StatusCode != HttpStatusCode.OK)
                    failures.Add($"ask {(int)response.StatusCode}");
                answered.Release();
            }
        }));
        var chats = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var chat = new DirectLineClient(host.Client);
            await chat.StartAsync();
            await chat.PollAsync();
            while (!stop.IsCancellationRequested)
            {
                using var posted = await chat.PostRawAsync(new { type = "message", text = AlphaQuestion });
                var replies = await chat.BotMessagesAsync();
                if (posted.StatusCode != HttpStatusCode.OK || replies.Count != 1 || !DirectLineClient.Texts(DirectLineClient.Card(replies[0])).Contains("The Alpha Guide > Alpha Features"))
                    failures.Add($"chat {(int)posted.StatusCode} with {replies.Count} replies");
                answered.Release();
            }
        }));
        var workers = api.Concat(chats).ToList();

        await AnswersAsync(answered, 6);
        knowledge.Write("gamma.md", GammaArticle);
        using var good = await host.ApiClient.PostAsync("/api/desk/reload", null);
        await AnswersAsync(answered, 6);
        knowledge.Write("broken.md", "no front matter\n");
        using var bad = await host.ApiClient.PostAsync("/api/desk/reload", null);
        await AnswersAsync(answered, 6);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.True((await AskAsync(host, GammaQuestion)).GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task A_reload_request_waits_for_a_rebuild_that_runs_on_a_thread_of_its_own_not_on_a_pool_thread()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path);
        var rebuiltOnPoolThread = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Service<KnowledgeProvider>().Reloaded += _ => rebuiltOnPoolThread.TrySetResult(Thread.CurrentThread.IsThreadPoolThread);

        knowledge.Write("gamma.md", GammaArticle);
        using var reload = await host.ApiClient.PostAsync("/api/desk/reload", null);

        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        // The answer came after the swap: the rebuild had ended when the request was answered.
        Assert.True(rebuiltOnPoolThread.Task.IsCompleted);
        Assert.False(await rebuiltOnPoolThread.Task);
        Assert.True((await AskAsync(host, GammaQuestion)).GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task Reload_requests_sent_at_once_all_see_the_change()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path);

        knowledge.Write("gamma.md", GammaArticle);
        var reloads = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var reload = await host.ApiClient.PostAsync("/api/desk/reload", null);
            Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
            return await reload.Content.ReadFromJsonAsync<JsonElement>();
        }));

        var fingerprint = await FingerprintAsync(host);
        Assert.All(reloads, result => Assert.Equal(fingerprint, result.GetProperty("fingerprint").GetString()));
        Assert.All(reloads, result => Assert.Equal(3, result.GetProperty("articles").GetInt32()));
        // However the requests arrive, one rebuild swapped the change in; the others found it there.
        Assert.Single(host.Logs.Lines, line => line.Category == typeof(KnowledgeProvider).FullName && line.Message.StartsWith("Knowledge reloaded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reloads_asked_for_while_one_runs_share_one_more_rebuild()
    {
        // Over HTTP, whether requests sent at once arrive within one rebuild is up to the machine;
        // here the first rebuild is held until the others have asked, so the sharing is certain.
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path);
        var provider = host.Service<KnowledgeProvider>();
        var firstRebuildRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirstRebuild = new ManualResetEventSlim();
        // Reloaded is raised on the rebuild's own thread, before its waiters are answered.
        provider.Reloaded += _ =>
        {
            if (firstRebuildRunning.TrySetResult())
                releaseFirstRebuild.Wait(TimeSpan.FromSeconds(30));
        };

        knowledge.Write("gamma.md", GammaArticle);
        var first = provider.ReloadAsync();
        await firstRebuildRunning.Task.WaitAsync(TimeSpan.FromSeconds(30));
        knowledge.Write("delta.md", GammaArticle.Replace("Gamma", "Delta", StringComparison.Ordinal));
        var meanwhile = Enumerable.Range(0, 5).Select(_ => provider.ReloadAsync()).ToList();
        releaseFirstRebuild.Set();
        var results = await Task.WhenAll(meanwhile.Prepend(first)).WaitAsync(TimeSpan.FromSeconds(60));

        var rebuilds = host.Logs.Lines.Count(line => line.Category == typeof(KnowledgeProvider).FullName && line.Message.StartsWith("Knowledge reload", StringComparison.Ordinal));
        Assert.Equal(2, rebuilds);
        Assert.Equal(3, results[0].Articles);
        // Each that asked while the first ran sees the change made before it asked.
        Assert.All(results.Skip(1), result => Assert.Equal(4, result.Articles));
        Assert.Single(results.Skip(1).Select(result => result.Fingerprint).Distinct());
    }

    [Fact]
    public async Task A_changed_file_in_the_knowledge_folder_is_picked_up_by_the_watch()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path, new Dictionary<string, string?>
        {
            ["Knowledge:WatchForChanges"] = "true",
            ["Knowledge:WatchDebounce"] = "00:00:00.050",
        });
        var reloaded = new TaskCompletionSource<KnowledgeReloadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Service<KnowledgeProvider>().Reloaded += result => reloaded.TrySetResult(result);

        knowledge.Write("gamma.md", GammaArticle);
        var result = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(3, result.Articles);
        Assert.True((await AskAsync(host, GammaQuestion)).GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task With_an_index_file_a_reload_reopens_the_file()
    {
        using var knowledge = SmallCorpus.Create();
        using var indexes = new TempDirectory();
        var indexFile = Path.Combine(indexes.Path, "index.db");
        PassageIndex.Save(KnowledgeBase.Load(knowledge.Path), indexFile);
        await using var host = await DeskTestHost.StartAsync(knowledge.Path, new Dictionary<string, string?> { ["Knowledge:IndexFile"] = indexFile });
        var before = await AskAsync(host, GammaQuestion);

        knowledge.Write("gamma.md", GammaArticle);
        PassageIndex.Save(KnowledgeBase.Load(knowledge.Path), indexFile);
        using var reload = await host.ApiClient.PostAsync("/api/desk/reload", null);

        Assert.False(before.GetProperty("answered").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        Assert.True((await AskAsync(host, GammaQuestion)).GetProperty("answered").GetBoolean());

        File.WriteAllText(indexFile, "this is not an index");
        using var refused = await host.ApiClient.PostAsync("/api/desk/reload", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(indexFile, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.True((await AskAsync(host, GammaQuestion)).GetProperty("answered").GetBoolean());
    }

    /// <summary>Waits until the workers have answered <paramref name="count"/> more questions.</summary>
    private static async Task AnswersAsync(SemaphoreSlim answered, int count)
    {
        for (var i = 0; i < count; i++)
            Assert.True(await answered.WaitAsync(TimeSpan.FromSeconds(30)), "no question was answered within 10 s");
    }

    private static async Task<JsonElement> AskAsync(DeskTestHost host, string question)
    {
        using var response = await host.ApiClient.PostAsJsonAsync("/api/desk/ask", new { question });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> FingerprintAsync(DeskTestHost host) =>
        (await host.Client.GetFromJsonAsync<JsonElement>("/readyz")).GetProperty("fingerprint").GetString()!;
}
