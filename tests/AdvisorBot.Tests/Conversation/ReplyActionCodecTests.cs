using System.Text.Json;
using AdvisorBot.Core.Conversation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AdvisorBot.Tests.Conversation;

/// <summary>The button values every channel carries: each action reads back as itself, the values
/// already on buttons in people's chat history read as before, and anything else is refused, saying why.</summary>
public sealed class ReplyActionCodecTests
{
    /// <summary>Ids and keys: what the knowledge makes (slugs, paths, hex ids) and any other text
    /// without a colon or white space, accents and emoji included.</summary>
    private static readonly Gen<string> Tokens = Gen.OneOf(
            Gen.Elements("building", "api", "social-network", "alpha/alpha-features/1", "3f2a9c0b1d4e5f60", "é", "🚀"),
            Gen.NonEmptyListOf(Gen.Elements("abcxyz0189-_/.é🎉\"<>&%".EnumerateRunes().Select(rune => rune.ToString()).ToArray())).Select(parts => string.Concat(parts)));

    /// <summary>Questions: any text that is not blank, colons, spaces and new lines included.</summary>
    private static readonly Gen<string> Questions = ArbMap.Default.GeneratorFor<NonWhiteSpaceString>().Select(text => text.Get)
        .Select(text => text.Contains(':') ? text : $"Does {text}: work?");

    private static readonly Gen<ReplyAction> Actions = Gen.OneOf<ReplyAction>(
        Questions.Select(question => (ReplyAction)new AskAction(question)),
        Gen.Zip(Tokens, ArbMap.Default.GeneratorFor<bool>()).Select(pair => (ReplyAction)new RateAnswerAction(pair.Item1, pair.Item2)),
        Gen.Zip(Tokens, Tokens).Select(pair => (ReplyAction)new MoreLikeAction(pair.Item1, pair.Item2)),
        Tokens.Select(passage => (ReplyAction)new MoreLikeAction(null, passage)),
        Gen.Zip(Tokens, Tokens).Select(pair => (ReplyAction)new FlowAnswerAction(pair.Item1, pair.Item2)),
        Gen.Elements<ReplyAction>(StartFlowAction.Instance, RestartFlowAction.Instance, FlowBackAction.Instance, CancelFlowAction.Instance, FlowHelpAction.Instance));

    /// <summary>Button values as they come back from outside: real ones, real ones damaged (cut,
    /// a colon or a space put in), known prefixes with anything after them, and any text at all.</summary>
    private static readonly Gen<string> Values = Gen.OneOf(
        Actions.Select(ReplyActionCodec.Encode),
        from value in Actions.Select(ReplyActionCodec.Encode)
        from at in Gen.Choose(0, 100)
        from insert in Gen.Elements("", ":", " ", "::", "\n")
        let cut = Math.Min(at, value.Length)
        select insert.Length == 0 ? value[..cut] : value[..cut] + insert + value[cut..],
        Gen.Zip(Gen.Elements("ask:", "feedback:", "feedback:helpful:", "feedback:unhelpful:", "more:", "flow:", "flow:answer:", "FLOW:", " flow:"),
            ArbMap.Default.GeneratorFor<string>()).Select(pair => pair.Item1 + (pair.Item2 ?? "")),
        ArbMap.Default.GeneratorFor<string>().Select(text => text ?? ""));

    [Property(MaxTest = 1000)]
    public Property Every_action_reads_back_from_its_button_value_as_itself() =>
        Prop.ForAll(Arb.From(Actions), action => ReplyActionCodec.Decode(ReplyActionCodec.Encode(action)) == action);

    [Property(MaxTest = 2000)]
    public Property Any_value_is_either_refused_with_a_reason_or_read_as_the_action_whose_value_it_is_exactly() =>
        Prop.ForAll(Arb.From(Values), value => ReplyActionCodec.TryDecode(value, out var action, out var problem)
            ? ReplyActionCodec.Encode(action) == value
            : !string.IsNullOrWhiteSpace(problem));

    public static TheoryData<string, ReplyAction> ValuesInChatHistory => new()
    {
        { "ask:Does Flask come with an ORM?", new AskAction("Does Flask come with an ORM?") },
        { "ask:What is it: Django or Flask?", new AskAction("What is it: Django or Flask?") },
        { "feedback:helpful:3f2a9c0b1d4e5f60", new RateAnswerAction("3f2a9c0b1d4e5f60", Helpful: true) },
        { "feedback:unhelpful:3f2a9c0b1d4e5f60", new RateAnswerAction("3f2a9c0b1d4e5f60", Helpful: false) },
        { "more:3f2a9c0b1d4e5f60:flask-orm/sqlalchemy/1", new MoreLikeAction("3f2a9c0b1d4e5f60", "flask-orm/sqlalchemy/1") },
        { "more:flask-orm/sqlalchemy/1", new MoreLikeAction(null, "flask-orm/sqlalchemy/1") },
        { "flow:start", StartFlowAction.Instance },
        { "flow:restart", RestartFlowAction.Instance },
        { "flow:back", FlowBackAction.Instance },
        { "flow:cancel", CancelFlowAction.Instance },
        { "flow:help", FlowHelpAction.Instance },
        { "flow:answer:building:api", new FlowAnswerAction("building", "api") },
    };

    [Theory]
    [MemberData(nameof(ValuesInChatHistory))]
    public void Buttons_already_in_chat_history_read_as_before_and_are_written_the_same_way(string value, ReplyAction action)
    {
        Assert.Equal(action, ReplyActionCodec.Decode(value));
        Assert.Equal(value, ReplyActionCodec.Encode(action));
    }

    [Theory]
    [InlineData("", "ask:QUESTION")]
    [InlineData("x:long", "is not one of this bot's")]
    [InlineData("FLOW:start", "is not one of this bot's")]
    [InlineData(" flow:start", "is not one of this bot's")]
    [InlineData("ask:", "has no question")]
    [InlineData("ask:   ", "has no question")]
    [InlineData("feedback:maybe:3f2a", "feedback:helpful:ANSWER or feedback:unhelpful:ANSWER")]
    [InlineData("feedback:helpful:", "does not name an answer")]
    [InlineData("feedback:unhelpful:a b", "does not name an answer")]
    [InlineData("more:", "does not name a passage")]
    [InlineData("more::alpha/intro/1", "does not name a passage")]
    [InlineData("more:3f2a:", "does not name a passage")]
    [InlineData("more:3f2a:alpha:intro", "does not name a passage")]
    [InlineData("flow:", "is not a step of the framework chooser")]
    [InlineData("flow:dance", "is not a step of the framework chooser")]
    [InlineData("flow:answer:building", "flow:answer:STEP:OPTION")]
    [InlineData("flow:answer::api", "flow:answer:STEP:OPTION")]
    [InlineData("flow:answer:building:api:extra", "flow:answer:STEP:OPTION")]
    public void A_malformed_value_is_refused_saying_what_a_value_must_be(string value, string said)
    {
        Assert.False(ReplyActionCodec.TryDecode(value, out var action, out var problem));
        Assert.Null(action);
        Assert.Contains(said, problem);
        Assert.Contains(said, Assert.Throws<FormatException>(() => ReplyActionCodec.Decode(value)).Message);
    }

    [Fact]
    public void A_refusal_quotes_a_long_value_cut_short_and_without_its_control_characters()
    {
        var value = "flow:" + new string('x', 5_000) + "\u001b[31m";

        Assert.False(ReplyActionCodec.TryDecode(value, out _, out var problem));

        Assert.InRange(problem.Length, 1, 400);
        Assert.DoesNotContain('\u001b', problem);
    }

    public static TheoryData<ReplyAction> UnreadableActions => new()
    {
        new AskAction(" \n"),
        new RateAnswerAction("", Helpful: true),
        new RateAnswerAction("a b", Helpful: false),
        new MoreLikeAction("a:1", "alpha/intro/1"),
        new MoreLikeAction(null, "alpha:intro"),
        new FlowAnswerAction("building", "api:rest"),
        new FlowAnswerAction("", "api"),
    };

    [Theory]
    [MemberData(nameof(UnreadableActions))]
    public void An_action_that_could_not_be_read_back_is_never_put_on_a_button(ReplyAction action)
    {
        var error = Assert.Throws<ArgumentException>(() => ReplyActionCodec.Encode(action));
        Assert.Contains(action.GetType().Name, error.Message);
    }

    [Fact]
    public void In_a_stored_message_an_action_is_its_button_value_so_jobs_queued_before_typed_actions_read_back()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var queuedBefore = """{"channel":"slack","conversationId":"T1:C1","userId":"U1","text":null,"action":"flow:answer:building:api"}""";

        var read = JsonSerializer.Deserialize<InboundMessage>(queuedBefore, options)!;
        var written = JsonSerializer.SerializeToElement(read, options);

        Assert.Equal(new FlowAnswerAction("building", "api"), read.Action);
        Assert.Equal("flow:answer:building:api", written.GetProperty("action").GetString());
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<InboundMessage>(queuedBefore.Replace("building:api", "building"), options));
    }
}
