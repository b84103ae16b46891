using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Flow;
using AdvisorBot.Core.Storage;
using AdvisorBot.Hosting;
using AdvisorBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisorBot.Tests.Flow;

/// <summary>Flow state: kept per person per conversation in the SQLite file, surviving a restart,
/// never corrupted by two turns at once, and expiring politely.</summary>
public class FlowStateTests
{
    [Fact]
    public async Task A_flow_continues_in_a_second_process_on_the_same_state_file()
    {
        var scenario = Scenario.All[0];
        var answers = scenario.AnswerKeys.ToList();
        using var chat = new ChatRunner();

        var before = await chat.ChatAsync(["/choose-framework", .. answers.Take(3)]);
        var after = await chat.ChatAsync(answers.Skip(3));

        Assert.Contains("Question 4 of 6", before.Last.GetProperty("text").GetString());
        Assert.Equal(["flowStep", "flowStep", "recommendation"], after.Kinds);
        Assert.Equal(scenario.Expect, after.Last.GetProperty("recommendation").GetProperty("framework").GetString());
        Assert.Contains("Large (many features, high traffic)", after.Last.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Two_people_in_one_conversation_each_have_their_own_flow()
    {
        var django = Scenario.All[0].AnswerKeys.ToList();
        var flask = Scenario.All[1].AnswerKeys.ToList();
        using var chat = new ChatRunner();

        // Turns alternate between two people in the same conversation, each run a separate process.
        await chat.ChatAsync(["/choose-framework", django[0]], user: "ana");
        await chat.ChatAsync(["/choose-framework", flask[0], flask[1]], user: "ben");
        await chat.ChatAsync([django[1], django[2]], user: "ana");
        var ben = await chat.ChatAsync(flask.Skip(2), user: "ben");
        var ana = await chat.ChatAsync(django.Skip(3), user: "ana");

        Assert.Equal("flask", ben.Last.GetProperty("recommendation").GetProperty("framework").GetString());
        Assert.Equal("django", ana.Last.GetProperty("recommendation").GetProperty("framework").GetString());
    }

    [Fact]
    public async Task The_same_person_in_another_conversation_has_another_flow()
    {
        using var chat = new ChatRunner();

        await chat.ChatAsync(["/choose-framework", "api"], conversation: "one");
        var other = await chat.ChatAsync(["small"], conversation: "two");

        Assert.NotEqual("flowStep", Assert.Single(other.Replies).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Turns_at_once_for_the_same_person_are_applied_one_after_another()
    {
        using var directory = new TempDirectory();
        var time = new TestTime(DateTimeOffset.Parse("2026-01-05T09:00:00Z"));
        await using var app = BuildHost(directory, time);
        var engine = app.Services.GetRequiredService<ConversationEngine>();
        InboundMessage Say(string text) => new("test", "room", "ana", text);
        await engine.HandleAsync(Say("/choose-framework"));

        // Six answers "1" at once, all of them having read the same state before any writes. Each
        // must end up answering the step the previous one left: together they answer all six
        // steps, exactly once each, and finish the flow exactly once. A lost update would leave
        // the flow unfinished; a mixed-up one would answer a step twice.
        const int turnCount = 6;
        time.HoldNextCallersTogether(turnCount);
        // Threads of their own: held turns must not wait for the thread pool to grow.
        var turns = Enumerable.Range(0, turnCount)
            .Select(_ => Task.Factory.StartNew(() => engine.HandleAsync(Say("1")), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())
            .ToList();
        var replies = (await Task.WhenAll(turns)).Select(reply => Assert.Single(reply)).ToList();

        Assert.Single(replies, reply => reply.Kind == ReplyKind.Recommendation);
        var steps = replies.Where(reply => reply.Kind == ReplyKind.FlowStep).Select(reply => reply.Title).ToList();
        Assert.Equal(turnCount - 1, steps.Count);
        Assert.Equal(turnCount - 1, steps.Distinct().Count());
        var recommendation = replies.Single(reply => reply.Kind == ReplyKind.Recommendation);
        Assert.Contains("An API or backend for a web or mobile app", recommendation.Text);
        Assert.Contains("Flexibility and control", recommendation.Text);
        Assert.Null(await app.Services.GetRequiredService<FlowStateStore>().LoadAsync(Say("").StateKey));
    }

    [Fact]
    public async Task A_flow_left_alone_past_the_expiry_is_set_aside_politely_and_not_resumed()
    {
        using var directory = new TempDirectory();
        var time = new TestTime(DateTimeOffset.Parse("2026-01-05T09:00:00Z"));
        await using var app = BuildHost(directory, time);
        var engine = app.Services.GetRequiredService<ConversationEngine>();
        InboundMessage Say(string text) => new("test", "room", "ana", text);
        await engine.HandleAsync(Say("/choose-framework"));
        await engine.HandleAsync(Say("api"));

        time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var expired = Assert.Single(await engine.HandleAsync(Say("small")));
        var afterwards = Assert.Single(await engine.HandleAsync(Say("small")));

        Assert.Equal(ReplyKind.Notice, expired.Kind);
        Assert.Contains("previous framework-chooser session expired", expired.Text);
        Assert.Contains("24 hours", expired.Text);
        Assert.Contains(expired.Choices, choice => choice.Value == "flow:start");
        Assert.NotEqual(ReplyKind.FlowStep, afterwards.Kind);
    }

    [Fact]
    public async Task A_flow_within_the_expiry_resumes_where_it_stopped()
    {
        using var directory = new TempDirectory();
        var time = new TestTime(DateTimeOffset.Parse("2026-01-05T09:00:00Z"));
        await using var app = BuildHost(directory, time);
        var engine = app.Services.GetRequiredService<ConversationEngine>();
        InboundMessage Say(string text) => new("test", "room", "ana", text);
        await engine.HandleAsync(Say("/choose-framework"));
        await engine.HandleAsync(Say("api"));

        time.Advance(TimeSpan.FromHours(23));
        var reply = Assert.Single(await engine.HandleAsync(Say("small")));

        Assert.Contains("Got it: Small", reply.Text);
    }

    [Fact]
    public async Task The_expiry_is_configurable_and_a_question_after_it_is_still_answered()
    {
        using var directory = new TempDirectory();
        var time = new TestTime(DateTimeOffset.Parse("2026-01-05T09:00:00Z"));
        await using var app = BuildHost(directory, time, "--Flow:Expiry=00:30:00");
        var engine = app.Services.GetRequiredService<ConversationEngine>();
        InboundMessage Say(string text) => new("test", "room", "ana", text);
        await engine.HandleAsync(Say("/choose-framework"));

        time.Advance(TimeSpan.FromMinutes(31));
        var replies = await engine.HandleAsync(Say("Does Flask come with an ORM?"));

        Assert.Equal([ReplyKind.Notice, ReplyKind.Answer], replies.Select(reply => reply.Kind));
        Assert.Contains("30 minutes", replies[0].Text);
    }

    [Fact]
    public async Task Starting_again_after_expiry_says_so_and_begins_a_fresh_flow()
    {
        using var directory = new TempDirectory();
        var time = new TestTime(DateTimeOffset.Parse("2026-01-05T09:00:00Z"));
        await using var app = BuildHost(directory, time);
        var engine = app.Services.GetRequiredService<ConversationEngine>();
        InboundMessage Say(string text) => new("test", "room", "ana", text);
        await engine.HandleAsync(Say("/choose-framework"));
        await engine.HandleAsync(Say("api"));

        time.Advance(TimeSpan.FromDays(3));
        var replies = await engine.HandleAsync(Say("/choose-framework"));

        Assert.Equal([ReplyKind.Notice, ReplyKind.FlowStep], replies.Select(reply => reply.Kind));
        Assert.Contains("Question 1 of 6", replies[1].Text);
    }

    [Fact]
    public void An_expiry_that_is_not_positive_is_refused_with_its_setting_named()
    {
        using var directory = new TempDirectory();
        var error = Assert.ThrowsAny<Exception>(() => BuildHost(directory, TimeProvider.System, "--Flow:Expiry=-01:00:00"));
        Assert.Contains("Flow:Expiry", error.Message);
    }

    /// <summary>The host's own composition on a state file of the test's own, with its clock.</summary>
    private static WebApplication BuildHost(TempDirectory directory, TimeProvider time, params string[] settings) =>
        BotHost.Build(
            [$"--Storage:DatabasePath={Path.Combine(directory.Path, "state.db")}", $"--Knowledge:Directory={RepositoryPaths.Knowledge}", .. settings],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton(time);
            });
}
