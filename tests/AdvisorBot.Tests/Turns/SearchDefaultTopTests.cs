using AdvisorBot.Tests.BotFramework.Support;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Turns;

/// <summary><c>Search:DefaultTop</c> is how many passages an answer quotes, in every channel and
/// in the command line, not only in the desk API; a chat answer quotes at most three (the best and
/// up to two more).</summary>
public class SearchDefaultTopTests
{
    private const string Question = "Does Flask come with an ORM?";

    [Fact]
    public async Task A_Teams_answer_quotes_as_many_passages_as_Search_DefaultTop()
    {
        var reply = await TeamsAnswerAsync(defaultTop: 1);

        Assert.DoesNotContain("Also relevant", AdaptiveCardShape.Texts(reply.Card));
        Assert.Equal(1, SourceLines(reply));
    }

    [Fact]
    public async Task A_Teams_answer_quotes_the_best_passage_and_at_most_two_more_however_high_Search_DefaultTop_is()
    {
        // The question has five passages above the confidence bar; a chat answer keeps to three.
        var reply = await TeamsAnswerAsync(defaultTop: 5);

        Assert.Equal(3, SourceLines(reply));
    }

    [Fact]
    public async Task Ask_on_the_command_line_quotes_as_many_passages_as_Search_DefaultTop()
    {
        var run = await ExecutableRun.RunAsync(["ask", Question, "--knowledge", RepositoryPaths.Knowledge], new Dictionary<string, string?> { ["Search__DefaultTop"] = "1" });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, run.Output.Split("Source: ").Length - 1);
    }

    [Fact]
    public async Task A_bad_search_setting_stops_a_verb_naming_the_setting()
    {
        var run = await ExecutableRun.RunAsync(["ask", Question, "--knowledge", RepositoryPaths.Knowledge], new Dictionary<string, string?> { ["Search__DefaultTop"] = "0" });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Search:DefaultTop must be from 1 to 10", run.Error);
    }

    /// <summary>The one message the bot delivers for <see cref="Question"/> asked in Teams.</summary>
    private static async Task<ConnectorRequest> TeamsAnswerAsync(int defaultTop)
    {
        await using var world = await BotFrameworkWorld.StartAsync(new Dictionary<string, string?> { ["Search:DefaultTop"] = defaultTop.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await world.PostAsync(TeamsActivities.Mention(world.Channel.ServiceUrl, TeamsActivities.NewConversationId(), Question));
        return Assert.Single(world.Channel.Delivered, request => request.Type == "message");
    }

    private static int SourceLines(ConnectorRequest reply) => reply.Text.Split(Core.Conversation.SourceLine.Label).Length - 1;
}
