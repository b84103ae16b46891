using System.Globalization;
using System.Text;
using AdvisorBot.Core.Answering;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;

namespace AdvisorBot.CommandLine;

/// <summary>Search results as a person reads them in a terminal: each passage under its heading,
/// wrapped, with a source line.</summary>
public static class TerminalText
{
    private const int Width = 96;

    public static string Render(SearchResult result, KnowledgeBase knowledge)
    {
        var output = new StringBuilder();
        if (!result.Answered)
        {
            output.AppendLine(Wrap(Declining.Message(knowledge, result), ""));
            foreach (var suggestion in Declining.Suggestions(knowledge))
                output.AppendLine($"  - {suggestion}");
            return output.ToString();
        }
        if (result.Hedged)
            output.AppendLine(Wrap(Declining.Hedge, "")).AppendLine();
        for (var i = 0; i < result.Hits.Count; i++)
        {
            var passage = result.Hits[i].Passage;
            if (i > 0)
                output.AppendLine();
            output.AppendLine($"{i + 1}. {passage.Heading}");
            foreach (var line in PlainText.Lines(passage.Text))
                output.AppendLine(line.StartsWith("    ", StringComparison.Ordinal) ? "   " + line : Wrap(line, "   "));
            output.AppendLine($"   {SourceLine.Format(passage.Source)}");
        }
        return output.ToString();
    }

    /// <summary>
    /// A reply as the terminal shows it: its plain text, with control characters (which could move
    /// the cursor, recolour or clear the terminal if someone typed them) shown as escapes instead.
    /// </summary>
    public static string Render(Reply reply) => WithoutControlCharacters(reply.Text);

    public static string WithoutControlCharacters(string text)
    {
        if (!text.Any(IsUnsafe))
            return text;
        var safe = new StringBuilder(text.Length + 8);
        foreach (var character in text)
        {
            if (IsUnsafe(character))
                safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)character:x4}");
            else
                safe.Append(character);
        }
        return safe.ToString();
    }

    // Line breaks and tabs are layout; other controls (ESC above all) and the bidirectional
    // overrides, which make text read differently from what it is, are not shown raw.
    private static bool IsUnsafe(char character) =>
        character is not ('\n' or '\t') && (char.IsControl(character) || character is (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069'));

    public static string Wrap(string text, string indent)
    {
        if (text.Length + indent.Length <= Width)
            return indent + text;
        // Continuation lines of a list item line up under its text.
        var continuation = indent + (text.StartsWith("- ", StringComparison.Ordinal) ? "  " : "");
        var lines = new List<string>();
        var current = new StringBuilder(indent);
        var atLineStart = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!atLineStart && current.Length + 1 + word.Length > Width)
            {
                lines.Add(current.ToString());
                current.Clear().Append(continuation);
                atLineStart = true;
            }
            if (!atLineStart)
                current.Append(' ');
            current.Append(word);
            atLineStart = false;
        }
        lines.Add(current.ToString());
        return string.Join(Environment.NewLine, lines);
    }
}
