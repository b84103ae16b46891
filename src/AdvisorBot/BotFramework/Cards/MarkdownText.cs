using System.Text;

namespace AdvisorBot.BotFramework.Cards;

/// <summary>
/// Makes plain text show as written inside an Adaptive Card TextBlock, which Teams and Web Chat
/// render as Markdown (Web Chat also lets through a sanitized subset of HTML): without this, a
/// question holding <c>&lt;i&gt;</c>, <c>**</c>, <c>&lt;at&gt;</c> or <c>[link](url)</c> would come
/// back formatted, or as a link or mention the bot appears to offer, and "1." at the start of a
/// line would start a list. Every ASCII punctuation character is backslash-escaped, which
/// CommonMark renders as the character itself (and which keeps bare URLs from being linked).
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
