using System.Net;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.DirectLine;

/// <summary>Conversations are kept in the state database, bounded in number and pace.</summary>
public sealed class DirectLineLimitTests
{
    [Fact]
    public async Task Beyond_the_maximum_the_least_recently_active_conversation_is_forgotten()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path, new Dictionary<string, string?> { ["DirectLine:MaxConversations"] = "2" });
        var first = new DirectLineClient(host.Client);
        var second = new DirectLineClient(host.Client);
        var third = new DirectLineClient(host.Client);
        await first.StartAsync();
        await second.StartAsync();
        await first.PollAsync();

        await third.StartAsync();

        using var forgotten = await second.GetRawAsync();
        using var kept = await first.GetRawAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, forgotten.StatusCode);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Single(await third.PollAsync());
    }

    [Fact]
    public async Task A_conversation_posting_too_fast_gets_429_with_retry_after()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path, new Dictionary<string, string?> { ["DirectLine:ConversationPermitLimit"] = "2" });
        var client = new DirectLineClient(host.Client);
        await client.StartAsync();

        await client.SayAsync("hello");
        await client.SayAsync("hello again");
        using var third = await client.PostRawAsync(new { type = "message", text = "and again" });

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
    }

    [Fact]
    public async Task The_bot_frameworks_rate_limit_does_not_govern_the_desk_chat()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path, new Dictionary<string, string?> { ["BotFramework:ConversationPermitLimit"] = "1" });
        var client = new DirectLineClient(host.Client);
        await client.StartAsync();

        await client.SayAsync("hello");
        using var second = await client.PostRawAsync(new { type = "message", text = "hello again" });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task One_address_starting_too_many_conversations_gets_429()
    {
        using var knowledge = SmallCorpus.Create();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path, new Dictionary<string, string?> { ["DirectLine:ConversationsPerMinutePerClient"] = "2" });

        using var first = await host.Client.PostAsync("/v3/directline/conversations", null);
        using var second = await host.Client.PostAsync("/v3/directline/conversations", null);
        using var third = await host.Client.PostAsync("/v3/directline/conversations", null);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }
}
