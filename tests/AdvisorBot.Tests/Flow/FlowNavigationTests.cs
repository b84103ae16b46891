using System.Text.Json;
using AdvisorBot.Core.Flow;

namespace AdvisorBot.Tests.Flow;

/// <summary>Moving around the flow through <c>chat --json</c>: starting, back, restart, cancel,
/// help, unmatched answers, free text and questions asked in the middle.</summary>
public class FlowNavigationTests
{
    private static string Text(JsonElement reply) => reply.GetProperty("text").GetString()!;

    private static List<string> ChoiceValues(JsonElement reply) =>
        reply.GetProperty("choices").EnumerateArray().Select(choice => choice.GetProperty("value").GetString()!).ToList();

    [Theory]
    [InlineData("/choose-framework")]
    [InlineData("choose framework")]
    [InlineData("Help me choose")]
    [InlineData("help me choose a framework")]
    [InlineData("flow:start")]
    public async Task The_flow_starts_on_its_command_its_phrases_and_its_button(string start)
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync([start]);

        var step = Assert.Single(run.Replies);
        Assert.Equal("flowStep", step.GetProperty("kind").GetString());
        Assert.Contains("Question 1 of 6: What are you building?", Text(step));
        Assert.Contains("1. An API or backend for a web or mobile app", Text(step));
        Assert.Contains("8. A social platform or community", Text(step));
        Assert.Contains("flow:answer:building:api", ChoiceValues(step));
        Assert.Contains("flow:answer:building:social", ChoiceValues(step));
        Assert.Contains("flow:cancel", ChoiceValues(step));
    }

    [Fact]
    public async Task Every_step_offers_its_options_as_buttons_and_as_a_numbered_list()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "api", "small", "mixed", "builtin", "normal"]);

        var steps = run.Replies.ToList();
        Assert.Equal(6, steps.Count);
        foreach (var (step, key) in steps.Zip(Scenario.StepOrder))
        {
            var options = ChoiceValues(step).Where(value => value.StartsWith("flow:answer:" + key + ":", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(options);
            for (var i = 1; i <= options.Count; i++)
                Assert.Contains($"\n{i}. ", Text(step));
            Assert.DoesNotContain($"\n{options.Count + 1}. ", Text(step));
        }
        Assert.Contains("flow:back", ChoiceValues(steps[1]));
        Assert.Contains("flow:restart", ChoiceValues(steps[1]));
    }

    [Fact]
    public async Task Back_returns_to_the_previous_question_and_forgets_its_answer()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "content", "large", "back", "small", "back", "back", "ml"]);

        Assert.Contains("Question 2 of 6", Text(run.Replies[3]));
        Assert.Contains("You had answered \"Large (many features, high traffic)\"", Text(run.Replies[3]));
        Assert.Contains("Question 2 of 6", Text(run.Replies[5]));
        Assert.Contains("Question 1 of 6", Text(run.Replies[6]));
        Assert.Contains("You had answered \"A content site", Text(run.Replies[6]));
        Assert.Contains("Got it: A web front for machine learning models", Text(run.Replies[7]));
        Assert.Contains("Question 2 of 6", Text(run.Replies[7]));
    }

    [Fact]
    public async Task Back_at_the_first_question_says_there_is_nothing_to_go_back_to()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "back", "flow:back"]);

        Assert.All(run.Replies.Skip(1), reply => Assert.Contains("This is the first question", Text(reply)));
        Assert.All(run.Replies, reply => Assert.Contains("Question 1 of 6", Text(reply)));
    }

    [Fact]
    public async Task Back_as_a_button_works_like_the_word()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "api", "flow:back"]);

        Assert.Contains("Question 1 of 6", Text(run.Last));
    }

    [Theory]
    [InlineData("restart")]
    [InlineData("start over")]
    [InlineData("flow:restart")]
    [InlineData("/choose-framework")]
    public async Task Restart_starts_again_from_the_first_question_with_no_answers(string restart)
    {
        var scenario = Scenario.All[0];
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "api", "small", "beginner", restart, .. scenario.AnswerKeys]);

        Assert.Contains("Starting over", Text(run.Replies[4]));
        Assert.Contains("Question 1 of 6", Text(run.Replies[4]));
        Assert.Equal(scenario.Expect, run.Last.GetProperty("recommendation").GetProperty("framework").GetString());
        Assert.DoesNotContain("Beginners", Text(run.Last));
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("stop")]
    [InlineData("flow:cancel")]
    public async Task Cancel_ends_the_flow_and_later_messages_are_questions_again(string cancel)
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "api", cancel, "1", "Does Flask come with an ORM?"]);

        Assert.Equal(["flowStep", "flowStep", "notice"], run.Kinds.Take(3));
        Assert.Contains("stopped the framework chooser", Text(run.Replies[2]));
        Assert.Contains("flow:start", ChoiceValues(run.Replies[2]));
        // "1" is no longer an answer: the engine treats it as a question.
        Assert.NotEqual("flowStep", run.Replies[3].GetProperty("kind").GetString());
        Assert.Equal("answer", run.Last.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_button_of_a_finished_flow_says_so_and_offers_a_new_one()
    {
        var scenario = Scenario.All[1];
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", .. scenario.AnswerKeys, "flow:answer:building:api"]);

        Assert.Equal("notice", run.Last.GetProperty("kind").GetString());
        Assert.Contains("no framework chooser under way", Text(run.Last));
        Assert.Contains("flow:start", ChoiceValues(run.Last));
    }

    [Theory]
    [InlineData("help")]
    [InlineData("?")]
    [InlineData("flow:help")]
    [InlineData("what do you mean by big?")]
    [InlineData("how big is medium?")]
    [InlineData("does it matter?")]
    public async Task Help_explains_the_current_question_and_asks_it_again(string help)
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "api", help, "small"]);

        var reply = run.Replies[2];
        Assert.Equal("flowStep", reply.GetProperty("kind").GetString());
        Assert.Contains("features and the traffic a year from now", Text(reply));
        Assert.Contains("back", Text(reply));
        Assert.Contains("cancel", Text(reply));
        Assert.Contains("Question 2 of 6", Text(reply));
        Assert.Contains("Question 3 of 6", Text(run.Last));
    }

    [Fact]
    public async Task An_answer_that_matches_nothing_is_asked_again_saying_what_is_expected()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "purple", "9"]);

        foreach (var reply in run.Replies.Skip(1))
        {
            Assert.Equal("flowStep", reply.GetProperty("kind").GetString());
            Assert.Contains("I couldn't match", Text(reply));
            Assert.Contains("a number from 1 to 8", Text(reply));
            Assert.Contains("Question 1 of 6", Text(reply));
            Assert.DoesNotContain("Would you like to stop", Text(reply));
        }
    }

    [Fact]
    public async Task Not_knowing_yet_explains_the_question_and_keeps_the_place_without_counting_a_miss()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "api", "idk honestly, depends if it takes off?", "idk", "no idea tbh", "probably medium"]);

        foreach (var reply in run.Replies.Skip(2).Take(3))
        {
            Assert.Equal("flowStep", reply.GetProperty("kind").GetString());
            Assert.Contains("can't tell yet", Text(reply));
            Assert.Contains("a year from now", Text(reply));
            Assert.Contains("Question 2 of 6", Text(reply));
            Assert.DoesNotContain("Would you like to stop", Text(reply));
        }
        Assert.Contains("Got it: Medium", Text(run.Last));
        Assert.Contains("Question 3 of 6", Text(run.Last));
    }

    [Fact]
    public async Task After_three_misses_in_a_row_stopping_is_offered_and_an_answer_carries_on()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "api", "purple", "banana", "42", "medium"]);

        Assert.DoesNotContain("Would you like to stop", Text(run.Replies[3]));
        Assert.Contains("Would you like to stop", Text(run.Replies[4]));
        Assert.Contains("3 answers in a row", Text(run.Replies[4]));
        Assert.Contains(run.Replies[4].GetProperty("choices").EnumerateArray(),
            choice => choice.GetProperty("value").GetString() == "flow:cancel" && choice.GetProperty("label").GetString() == "Stop");
        Assert.Contains("Got it: Medium", Text(run.Last));
        Assert.Contains("Question 3 of 6", Text(run.Last));
    }

    [Fact]
    public async Task Misses_are_counted_in_a_row_and_a_good_answer_resets_the_count()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "purple", "banana", "api", "purple"]);

        Assert.DoesNotContain("Would you like to stop", Text(run.Last));
    }

    [Fact]
    public async Task Stopping_after_the_offer_ends_the_flow()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "x", "y", "z", "flow:cancel"]);

        Assert.Equal("notice", run.Last.GetProperty("kind").GetString());
        Assert.Contains("stopped the framework chooser", Text(run.Last));
    }

    [Theory]
    [InlineData("a backend for our mobile app", "An API or backend for a web or mobile app")]
    [InlineData("we're selling shoes online, it's an online store", "An online shop (e-commerce)")]
    [InlineData("Prototyping an idea for a hackathon", "A prototype or MVP")]
    [InlineData("a site to serve our machine learning model", "A web front for machine learning models")]
    public async Task A_free_text_answer_that_plainly_means_one_option_is_taken_and_confirmed(string answer, string label)
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", answer]);

        Assert.Contains($"Got it: {label}.", Text(run.Last));
        Assert.Contains("Question 2 of 6", Text(run.Last));
    }

    [Fact]
    public async Task A_free_text_answer_that_could_mean_two_options_is_asked_again_naming_them()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "an online shop with a blog"]);

        Assert.Contains("could mean", Text(run.Last));
        Assert.Contains("\"A content site (blog, news, CMS)\"", Text(run.Last));
        Assert.Contains("\"An online shop (e-commerce)\"", Text(run.Last));
        Assert.Contains("Question 1 of 6", Text(run.Last));
    }

    [Theory]
    [InlineData("a brand new app")]
    [InlineData("a new version of our website")]
    public async Task A_free_text_answer_that_means_no_option_asks_which_one_was_meant_with_the_options_as_buttons(string answer)
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", answer]);

        Assert.Equal(["flowStep", "flowStep"], run.Kinds);
        Assert.Contains($"I couldn't match \"{answer}\"", Text(run.Last));
        Assert.Contains("Which one did you mean?", Text(run.Last));
        Assert.DoesNotContain("Got it", Text(run.Last));
        Assert.Contains("Question 1 of 6", Text(run.Last));
        Assert.Contains("flow:answer:building:content", ChoiceValues(run.Last));
        Assert.Contains("flow:answer:building:api", ChoiceValues(run.Last));
    }

    [Fact]
    public async Task An_unclear_answer_changes_no_answer_and_the_one_given_next_drives_the_recommendation()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "a brand new app", "a REST api", "small", "experienced", "choose", "normal", "flexibility"]);

        Assert.Equal("recommendation", run.Last.GetProperty("kind").GetString());
        Assert.Contains("- What are you building? An API or backend for a web or mobile app\n", Text(run.Last));
        Assert.DoesNotContain("- What are you building? A content site", Text(run.Last));
    }

    [Theory]
    [InlineData("maybe medium?", "Medium")]
    [InlineData("probably large, lots of traffic?", "Large (many features, high traffic)")]
    [InlineData("what about 1?", "Small (a few pages or endpoints)")]
    public async Task An_unsure_answer_is_taken_as_that_answer_and_can_be_changed(string answer, string label)
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "api", answer]);

        Assert.Equal(["flowStep", "flowStep", "flowStep"], run.Kinds);
        Assert.Contains($"Got it: {label}.", Text(run.Last));
        Assert.Contains("Type back", Text(run.Last));
        Assert.Contains("Question 3 of 6", Text(run.Last));
    }

    [Fact]
    public async Task A_question_that_names_a_framework_is_answered_even_when_it_uses_an_options_words()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "api", "small", "Django or Flask for a beginner?", "beginners"]);

        Assert.Equal(["flowStep", "flowStep", "flowStep", "answer", "flowStep", "flowStep"], run.Kinds);
        Assert.Contains("Question 3 of 6", Text(run.Replies[4]));
        Assert.Contains("Got it: Beginners", Text(run.Last));
    }

    [Fact]
    public async Task A_question_asked_mid_flow_is_answered_then_the_step_is_asked_again()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "api", "Does Flask come with an ORM?", "small"]);
        var outside = await chat.ChatAsync(["Does Flask come with an ORM?"], user: "someone-without-a-flow");

        Assert.Equal(["flowStep", "flowStep", "answer", "flowStep", "flowStep"], run.Kinds);
        var answer = run.Replies[2];
        Assert.NotEmpty(answer.GetProperty("passages").EnumerateArray());
        // The same answer the question gets outside the flow.
        Assert.Equal(Text(outside.Last), Text(answer));
        Assert.Contains("back to the framework chooser", Text(run.Replies[3]));
        Assert.Contains("Question 2 of 6", Text(run.Replies[3]));
        Assert.Contains("Got it: Small", Text(run.Last));
    }

    [Fact]
    public async Task A_question_button_clicked_mid_flow_is_answered_too()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "ask:Which one is better for a beginner?"]);

        Assert.Equal(["flowStep", "answer", "flowStep"], run.Kinds);
        Assert.Contains("Question 1 of 6", Text(run.Last));
    }

    [Fact]
    public async Task A_button_from_an_earlier_question_does_not_change_its_answer()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["/choose-framework", "api", "flow:answer:building:content", "back"]);

        Assert.Contains("already answered", Text(run.Replies[2]));
        Assert.Contains("Question 2 of 6", Text(run.Replies[2]));
        Assert.Contains("You had answered \"An API or backend", Text(run.Last));
    }

    [Fact]
    public async Task Messages_outside_a_flow_are_left_to_the_engine()
    {
        using var chat = new ChatRunner();

        var run = await chat.ChatAsync(["Does Flask come with an ORM?", "help"]);

        Assert.Equal(["answer", "help"], run.Kinds);
        Assert.Contains("flow:start", ChoiceValues(run.Last));
    }
}
