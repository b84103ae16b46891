using AdvisorBot.Core.Conversation;
using AdvisorBot.Tests.DirectLine;
using AdvisorBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisorBot.Tests.Turns;

/// <summary>The turn runner's "working on it" signal reaches the desk chat too: a slow answer is
/// preceded by a typing activity Web Chat shows, and the answer follows it.</summary>
public class WorkingSignalTests
{
    [Fact]
    public async Task A_slow_desk_answer_is_preceded_by_typing()
    {
        using var knowledge = SmallCorpus.Create();
        var time = new TestTime();
        var held = new HeldTurns();
        await using var host = await DeskTestHost.StartAsync(knowledge.Path, services: services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<IConversationFlow>(held);
        });
        var client = new DirectLineClient(host.Client);
        await client.StartAsync();
        await client.PollAsync();

        var posting = client.SayAsync("slow: does Alpha have an ORM?");
        await time.WaitForTimerAsync(wait => wait == TimeSpan.FromMilliseconds(500)).WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMilliseconds(500));
        await time.WaitForTimerAsync(wait => wait == TimeSpan.FromSeconds(3)).WaitAsync(TimeSpan.FromSeconds(30));
        var whileWorking = await client.PollAsync();
        held.Release.SetResult();
        await posting;
        var afterwards = await client.PollAsync();

        Assert.Contains(whileWorking, activity => activity["type"]!.GetValue<string>() == "typing" && activity["from"]!["role"]!.GetValue<string>() == "bot");
        Assert.Single(afterwards, activity => activity["type"]!.GetValue<string>() == "message" && activity["from"]!["role"]!.GetValue<string>() == "bot");
    }
}
