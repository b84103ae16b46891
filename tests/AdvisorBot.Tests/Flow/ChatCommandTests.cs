using AdvisorBot.CommandLine;
using AdvisorBot.Core.Flow;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Flow;

/// <summary>The terminal channel itself: its JSON shape, its plain-text mode, and the real
/// executable carrying a flow from one process to the next.</summary>
public class ChatCommandTests
{
    [Fact]
    public async Task Each_reply_is_one_json_line_with_kind_text_choices_passages_and_recommendation()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework"]);

        var step = Assert.Single(run.Replies);
        Assert.Equal("flowStep", step.GetProperty("kind").GetString());
        Assert.Equal("What are you building?", step.GetProperty("title").GetString());
        var choice = step.GetProperty("choices")[0];
        Assert.Equal("An API or backend for a web or mobile app", choice.GetProperty("label").GetString());
        Assert.Equal("flow:answer:building:api", choice.GetProperty("value").GetString());
        Assert.Equal(0, step.GetProperty("passages").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, step.GetProperty("recommendation").ValueKind);
    }

    [Fact]
    public async Task A_line_that_starts_like_a_button_value_but_is_not_one_is_refused_on_stderr_and_the_conversation_goes_on()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["flow:answer:building", "/choose-framework", "flow:answer:building:api"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("error: ", run.Stderr);
        Assert.Contains("flow:answer:STEP:OPTION", run.Stderr);
        Assert.Equal(["flowStep", "flowStep"], run.Kinds);
        Assert.Contains("Question 2 of", run.Last.GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_recommendation_line_quotes_each_passage_with_its_source()
    {
        var scenario = Scenario.All[3];
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", .. scenario.AnswerKeys]);

        foreach (var passage in run.Last.GetProperty("passages").EnumerateArray())
        {
            Assert.NotEmpty(passage.GetProperty("heading").GetString()!);
            Assert.NotEmpty(passage.GetProperty("text").GetString()!);
            Assert.NotEmpty(passage.GetProperty("source").GetProperty("title").GetString()!);
        }
        Assert.Contains("Source:", run.Last.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Without_json_replies_are_printed_as_their_plain_text_with_numbered_options()
    {
        using var directory = new TempDirectory();
        using var stdout = new StringWriter();
        var input = new StringReader("/choose-framework\n\n  a backend for our mobile app  \n");

        var code = await Cli.RunAsync(
            ["chat", "--db", Path.Combine(directory.Path, "state.db"), "--knowledge", RepositoryPaths.Knowledge],
            stdout, new StringWriter(), input);

        Assert.Equal(0, code);
        var text = stdout.ToString();
        Assert.Contains("Question 1 of 6: What are you building?\n1. An API or backend for a web or mobile app\n2. A microservice", text);
        Assert.Contains("Got it: An API or backend for a web or mobile app.", text);
        Assert.Contains("Question 2 of 6: How big will it get?\n1. Small", text);
        Assert.DoesNotContain("{", text);
    }

    [Fact]
    public async Task An_empty_user_id_is_refused()
    {
        using var stderr = new StringWriter();

        var code = await Cli.RunAsync(["chat", "--user", " ", "--knowledge", RepositoryPaths.Knowledge], new StringWriter(), stderr, new StringReader(""));

        Assert.NotEqual(0, code);
        Assert.Contains("--user must not be empty", stderr.ToString());
    }

    [Fact]
    public async Task The_executable_carries_a_flow_from_one_process_to_the_next()
    {
        var scenario = Scenario.All[2];
        var answers = scenario.AnswerKeys.ToList();
        using var chat = new ChatRunner();

        var first = await chat.ChatInProcessOfItsOwnAsync(["/choose-framework", .. answers.Take(4)]);
        var second = await chat.ChatInProcessOfItsOwnAsync(answers.Skip(4));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(5, first.Replies.Count);
        Assert.Equal(["flowStep", "recommendation"], second.Kinds);
        Assert.Equal(scenario.Expect, second.Last.GetProperty("recommendation").GetProperty("framework").GetString());
        var listed = await SectionsListing.TextByIdAsync();
        Assert.All(second.Last.GetProperty("recommendation").GetProperty("reasons").EnumerateArray(),
            reason => Assert.True(listed.ContainsKey(reason.GetProperty("passageId").GetString()!)));
    }
}
