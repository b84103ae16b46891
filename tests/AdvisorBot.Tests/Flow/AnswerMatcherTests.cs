using AdvisorBot.Core.Flow;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Flow;

/// <summary>How typed answers are read against the real flow data: keys, labels, numbers, and free
/// text that plainly means one option; anything else is not taken for an answer.</summary>
public sealed class AnswerMatcherTests : IDisposable
{
    private static readonly FlowDefinition Flow = KnowledgeBase.Load(RepositoryPaths.Knowledge).Flow!;
    private readonly Stemmer _stemmer = new();

    private AnswerMatch Match(string step, string text) => new AnswerMatcher(_stemmer).Match(Flow.FindStep(step)!, text);

    [Theory]
    [InlineData("building", "a backend for our mobile app", "api")]
    [InlineData("building", "We need a REST API", "api")]
    [InlineData("building", "a couple of microservices", "microservice")]
    [InlineData("building", "an MVP to show investors", "prototype")]
    [InlineData("building", "a news site for our magazine", "content")]
    [InlineData("building", "the company intranet", "enterprise")]
    [InlineData("building", "a forum for our users", "social")]
    [InlineData("size", "it's not big, fairly small", "small")]
    [InlineData("size", "Huge, with millions of visitors", "large")]
    [InlineData("team", "juniors and seniors together", "mixed")]
    [InlineData("team", "mostly students", "beginner")]
    [InlineData("team", "a seasoned crew", "experienced")]
    [InlineData("batteries", "we'd rather pick our own libraries", "choose")]
    [InlineData("batteries", "I don't know", "unsure")]
    [InlineData("batteries", "not sure yet", "unsure")]
    [InlineData("batteries", "batteries included please", "builtin")]
    [InlineData("timeline", "ASAP", "tight")]
    [InlineData("timeline", "I'm in no rush", "normal")]
    [InlineData("timeline", "it is not urgent", "normal")]
    [InlineData("priority", "freedom to do it my own way", "flexibility")]
    [InlineData("priority", "I don't care", "nopreference")]
    public void Free_text_that_plainly_means_one_option_is_that_option(string step, string text, string option)
    {
        var match = Assert.IsType<AnswerMatch.Matched>(Match(step, text));
        Assert.Equal(option, match.Option.Key);
    }

    [Theory]
    [InlineData("size", "2", "medium")]
    [InlineData("size", " #3 ", "large")]
    [InlineData("size", "option 1", "small")]
    [InlineData("building", "8.", "social")]
    [InlineData("priority", "NOPREFERENCE", "nopreference")]
    [InlineData("batteries", "i'd rather choose my own", "choose")]
    [InlineData("building", "A content site (blog, news, CMS)", "content")]
    public void A_number_a_key_or_a_label_names_its_option(string step, string text, string option)
    {
        var match = Assert.IsType<AnswerMatch.Matched>(Match(step, text));
        Assert.Equal(option, match.Option.Key);
    }

    [Theory]
    [InlineData("size", "4")]
    [InlineData("size", "0")]
    [InlineData("building", "purple")]
    [InlineData("building", "not a prototype")]
    [InlineData("size", "")]
    public void Text_that_names_no_option_is_no_match(string step, string text)
    {
        Assert.IsType<AnswerMatch.NoMatch>(Match(step, text));
    }

    [Fact]
    public void Text_that_could_mean_two_options_is_ambiguous_and_names_both()
    {
        var match = Assert.IsType<AnswerMatch.Ambiguous>(Match("size", "small now, large later"));
        Assert.Equal(["small", "large"], match.Options.Select(option => option.Key));
    }

    [Theory]
    [InlineData("Does Flask come with an ORM?", true)]
    [InlineData("which one is faster for APIs", true)]
    [InlineData("a backend for our mobile app", false)]
    [InlineData("api?", false)]
    [InlineData("small", false)]
    public void Questions_are_told_apart_from_answers(string text, bool question)
    {
        Assert.Equal(question, FlowCommands.LooksLikeQuestion(text));
    }

    [Theory]
    [InlineData("/choose-framework", FlowCommand.Start)]
    [InlineData("/choose-framework now", FlowCommand.Start)]
    [InlineData("Choose a framework", FlowCommand.Start)]
    [InlineData("help me choose between Django and Flask", FlowCommand.Start)]
    [InlineData("go back", FlowCommand.Back)]
    [InlineData("Start over!", FlowCommand.Restart)]
    [InlineData("never mind", FlowCommand.Cancel)]
    [InlineData("help", FlowCommand.Help)]
    [InlineData("how do I choose a framework for an API?", FlowCommand.None)]
    public void The_flow_commands_are_recognized_in_text(string text, FlowCommand command)
    {
        Assert.Equal(command, FlowCommands.Parse(text));
    }

    public void Dispose() => _stemmer.Dispose();
}
