using System.Text.Json;
using AdvisorBot.Core.Flow;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Flow;

/// <summary>Every scenario, driven through <c>chat --json</c>, ends in the recommendation the
/// articles' guidance points to, with three reasons that each cite a passage that exists.</summary>
public class ScenarioTests
{
    public static TheoryData<int> ScenarioIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Scenario.All.Count; i++)
            data.Add(i);
        return data;
    }

    [Fact]
    public void The_scenario_file_holds_the_shared_cases_and_more()
    {
        Assert.True(Scenario.All.Count >= 12);
        Assert.All(Scenario.All, scenario => Assert.Equal(Scenario.StepOrder.Order(), scenario.Answers.Keys.Order()));
    }

    [Theory]
    [MemberData(nameof(ScenarioIndexes))]
    public async Task A_scenario_answered_with_option_keys_ends_where_the_articles_point(int index)
    {
        var scenario = Scenario.All[index];
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", .. scenario.AnswerKeys]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["flowStep", "flowStep", "flowStep", "flowStep", "flowStep", "flowStep", "recommendation"], run.Kinds);
        await AssertRecommendation(scenario, run.Last);
    }

    [Fact]
    public async Task Every_scenario_answered_with_buttons_in_one_conversation_ends_where_the_articles_point()
    {
        // One person running the flow again and again: each finished flow can be started anew.
        using var chat = new ChatRunner();
        var lines = Scenario.All.SelectMany(scenario =>
            new[] { "flow:start" }.Concat(Scenario.StepOrder.Select(step => $"flow:answer:{step}:{scenario.Answers[step]}")));

        var run = await chat.ChatAsync(lines);

        var recommendations = run.Replies.Where(reply => reply.GetProperty("kind").GetString() == "recommendation").ToList();
        Assert.Equal(Scenario.All.Count, recommendations.Count);
        foreach (var (scenario, reply) in Scenario.All.Zip(recommendations))
            await AssertRecommendation(scenario, reply);
    }

    [Fact]
    public async Task Answers_given_by_number_or_by_label_count_like_their_keys()
    {
        var definition = KnowledgeBase.Load(RepositoryPaths.Knowledge).Flow!;
        var scenario = Scenario.All[0];
        var steps = Scenario.StepOrder.Select(key => definition.FindStep(key)!).ToList();
        var numbers = steps.Select(step => (step.Options.ToList().FindIndex(option => option.Key == scenario.Answers[step.Key]) + 1).ToString());
        var labels = steps.Select(step => step.FindOption(scenario.Answers[step.Key])!.Label.ToUpperInvariant());
        using var chat = new ChatRunner();

        var byNumber = await chat.ChatAsync(["/choose-framework", .. numbers], user: "numbers");
        var byLabel = await chat.ChatAsync(["/choose-framework", .. labels], user: "labels");

        await AssertRecommendation(scenario, byNumber.Last);
        await AssertRecommendation(scenario, byLabel.Last);
    }

    [Fact]
    public async Task The_same_answers_always_give_the_same_recommendation()
    {
        var scenario = Scenario.All[1];
        using var chat = new ChatRunner();

        var first = await chat.ChatAsync(["/choose-framework", .. scenario.AnswerKeys], user: "first");
        var second = await chat.ChatAsync(["/choose-framework", .. scenario.AnswerKeys], user: "second");

        Assert.Equal(first.Last.GetProperty("recommendation").GetRawText(), second.Last.GetProperty("recommendation").GetRawText());
        Assert.Equal(first.Last.GetProperty("text").GetString(), second.Last.GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_recommendation_says_what_would_have_changed_it_and_tipping_that_answer_does_change_it()
    {
        // A close call: one different answer tips it, and the reply names that answer.
        var scenario = Scenario.All.First(candidate => candidate.Strength == "close call" && candidate.Expect == "any");
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", .. scenario.AnswerKeys]);
        var recommendation = run.Last.GetProperty("recommendation");
        var framework = recommendation.GetProperty("framework").GetString();
        var changes = recommendation.GetProperty("whatWouldChange").EnumerateArray().Select(change => change.GetString()!).ToList();

        Assert.NotEmpty(changes);
        Assert.StartsWith("Answering", changes[0]);
        var definition = KnowledgeBase.Load(RepositoryPaths.Knowledge).Flow!;
        var tipped = definition.Steps
            .SelectMany(step => step.Options.Select(option => (step, option)))
            .First(pair => changes[0].Contains($"\"{pair.option.Label}\" to \"{pair.step.Question}\""));
        var changed = Scenario.StepOrder.Select(step => step == tipped.step.Key ? tipped.option.Key : scenario.Answers[step]);
        var rerun = await chat.ChatAsync(["/choose-framework", .. changed], user: "someone-else");
        Assert.NotEqual(framework, rerun.Last.GetProperty("recommendation").GetProperty("framework").GetString());
    }

    private static async Task AssertRecommendation(Scenario scenario, JsonElement reply)
    {
        Assert.Equal("recommendation", reply.GetProperty("kind").GetString());
        var recommendation = reply.GetProperty("recommendation");
        var framework = recommendation.GetProperty("framework").GetString();
        Assert.Contains(framework, new[] { "django", "flask" });
        if (scenario.Expect != "any")
            Assert.Equal(scenario.Expect, framework);
        if (scenario.Strength is not null)
            Assert.Equal(scenario.Strength, recommendation.GetProperty("strength").GetString());
        else
            Assert.Contains(recommendation.GetProperty("strength").GetString(), new[] { "clear", "leaning", "close call" });

        var passages = await SectionsListing.TextByIdAsync();
        var reasons = recommendation.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Equal(3, reasons.Count);
        var text = reply.GetProperty("text").GetString()!;
        foreach (var reason in reasons)
        {
            var passageId = reason.GetProperty("passageId").GetString()!;
            Assert.True(passages.ContainsKey(passageId), $"{passageId} is not listed by sections --json");
            // The reason is in the reply, quoting its passage.
            Assert.Contains(reason.GetProperty("text").GetString()!, text);
            Assert.Contains(passages[passageId].Split('\n')[0], text);
            Assert.Contains(reply.GetProperty("passages").EnumerateArray(), passage => passage.GetProperty("id").GetString() == passageId);
        }
        Assert.Equal(reasons.Count, reasons.Select(reason => reason.GetProperty("passageId").GetString()).Distinct().Count());
        Assert.NotEmpty(recommendation.GetProperty("whatWouldChange").EnumerateArray());
        // The human label is in the text; the key is what JSON carries.
        Assert.Contains(framework == "django" ? "Django" : "Flask", reply.GetProperty("title").GetString());
    }
}
