using System.Net;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>An answer that takes a while shows "typing" after half a second, then at most every
/// three seconds, and never after the answer.</summary>
public class TypingTests
{
    /// <summary>The product's own typing delay and interval (the test host turns typing off otherwise).</summary>
    private static readonly Dictionary<string, string?> Defaults = new() { ["Turns:WorkingSignalDelay"] = null };

    [Fact]
    public async Task A_slow_answer_is_preceded_by_typing_after_half_a_second_and_then_every_three_seconds()
    {
        var time = new TestTime();
        var held = new HeldTurns();
        await using var world = await BotFrameworkWorld.StartAsync(Defaults, time, services => services.AddSingleton<IConversationFlow>(held));
        var conversation = TeamsActivities.NewConversationId();

        var post = world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, conversation, "slow: does Flask come with an ORM?"));
        await time.WaitForTimerAsync(wait => wait == TimeSpan.FromMilliseconds(500)).WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Empty(world.Channel.ConnectorRequests);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await world.Channel.WaitForConnectorRequestsAsync(1);
        await time.WaitForTimerAsync(wait => wait == TimeSpan.FromSeconds(3)).WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.Single(world.Channel.ConnectorRequests);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await world.Channel.WaitForConnectorRequestsAsync(2);
        held.Release.SetResult();
        var response = await post.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["typing", "typing", "message"], world.Channel.ConnectorRequests.Select(request => request.Type));
        var typing = world.Channel.ConnectorRequests[0].Activity;
        Assert.Equal(conversation, typing.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal(TeamsActivities.BotId, typing.GetProperty("from").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_quick_answer_comes_without_typing()
    {
        var time = new TestTime();
        await using var world = await BotFrameworkWorld.StartAsync(Defaults, time);

        await world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, TeamsActivities.NewConversationId(), "Does Flask come with an ORM?"));

        Assert.Equal(["message"], world.Channel.ConnectorRequests.Select(request => request.Type));
        Assert.Empty(time.PendingWaits());
    }
}
