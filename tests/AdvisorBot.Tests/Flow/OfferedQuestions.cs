using AdvisorBot.Core.Conversation;

namespace AdvisorBot.Tests.Flow;

/// <summary>The example questions the bot itself offers (its <c>help</c> reply's "ask" buttons), which
/// the channel manifests repeat as prompt starters and suggested prompts.</summary>
public static class OfferedQuestions
{
    public static async Task<IReadOnlyList<string>> FromHelpAsync(ChatRunner chat)
    {
        var help = await chat.ChatAsync(["help"], conversation: "offered-questions");
        Assert.Equal(["help"], help.Kinds);
        return help.Last.GetProperty("choices").EnumerateArray()
            .Select(choice => ReplyActionCodec.Decode(choice.GetProperty("value").GetString()!))
            .OfType<AskAction>()
            .Select(ask => ask.Question)
            .ToList();
    }
}
