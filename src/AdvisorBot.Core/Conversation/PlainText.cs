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
        text.AppendLine(string.Join('\n', Lines(passage.Text)));
        text.Append(SourceLine.Format(passage.Source));
        return text.ToString();
    }

    /// <summary>
    /// A passage's lines as plain text shows them: Markdown's code fences (<c>```python</c>) are
    /// markup, not text, so they are left out and the code between them is indented instead.
    /// </summary>
    public static IEnumerable<string> Lines(string passageText)
    {
        var inCode = false;
        foreach (var line in passageText.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }
            yield return inCode ? "    " + line : line;
        }
    }

    /// <summary>Buttons as a numbered list, for channels (and people) without buttons.</summary>
    public static string NumberedChoices(IReadOnlyList<ReplyChoice> choices) =>
        string.Join('\n', choices.Select((choice, i) => $"{i + 1}. {choice.Label}"));
}
