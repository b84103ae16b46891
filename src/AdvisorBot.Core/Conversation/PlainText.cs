using System.Text;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Conversation;

/// <summary>The plain-text forms of reply parts, shared by every reply so they read alike.</summary>
public static class PlainText
{
    public static string Quote(Passage passage)
    {
        var text = new StringBuilder();
        text.AppendLine(passage.Heading);
        text.AppendLine(passage.Text);
        text.Append(SourceLine.Format(passage.Source));
        return text.ToString();
    }

    /// <summary>Buttons as a numbered list, for channels (and people) without buttons.</summary>
    public static string NumberedChoices(IReadOnlyList<ReplyChoice> choices) =>
        string.Join('\n', choices.Select((choice, i) => $"{i + 1}. {choice.Label}"));
}
