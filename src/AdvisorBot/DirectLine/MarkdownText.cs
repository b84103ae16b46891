using System.Text;

namespace AdvisorBot.DirectLine;

/// <summary>
/// Makes text a person typed show as typed inside an Adaptive Card TextBlock, which Web Chat
/// renders as Markdown and lets through a sanitized subset of HTML: without this, a question
/// holding <c>&lt;i&gt;</c>, <c>**</c> or <c>[link](url)</c> would come back formatted, or as a
/// link the bot appears to offer. Every ASCII punctuation character is backslash-escaped, which
/// CommonMark renders as the character itself.
/// </summary>
public static class MarkdownText
{
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var character in text)
        {
            if (char.IsAsciiLetterOrDigit(character) || character > 0x7F || !char.IsPunctuation(character) && !char.IsSymbol(character))
            {
                escaped.Append(character);
                continue;
            }
            escaped.Append('\\').Append(character);
        }
        return escaped.ToString();
    }
}
