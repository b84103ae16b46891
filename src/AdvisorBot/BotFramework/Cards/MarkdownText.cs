using System.Text;

namespace AdvisorBot.BotFramework.Cards;

/// <summary>
/// Makes plain text show as written inside an Adaptive Card TextBlock, which Teams and Web Chat
/// render as Markdown: without this, a question holding <c>**</c>, <c>_it_</c> or
/// <c>[link](url)</c> would come back formatted or as a link the bot appears to offer, and "1." at
/// the start of a line would start a list.
/// Only what Markdown would act on, where it stands, gets a backslash: an emphasis mark
/// (<c>*</c>, <c>_</c>, <c>~~</c>) that has a partner to pair with, a list, quote or heading marker
/// at the start of a line, a link's brackets, a code span's backticks, the start of a tag, and a
/// backslash that would itself escape. Everything else (a colon, a comma, a full stop, "2 * 3")
/// goes as it is: Teams clients differ in whether they process backslash escapes (some show them
/// literally), so the fewer there are, the better the text reads everywhere. Lists, code spans and
/// tags are acted on by Web Chat's renderer (full CommonMark) rather than the Adaptive Cards subset,
/// and are escaped for the desk page's sake.
/// </summary>
public static class MarkdownText
{
    private const string EmphasisMarks = "*_~";

    public static string Escape(string text)
    {
        var escape = new bool[text.Length];
        MarkLineStarts(text, escape);
        MarkEmphasis(text, escape);
        MarkLinks(text, escape);
        MarkCodeSpans(text, escape);
        for (var i = 0; i < text.Length; i++)
        {
            // A backslash escapes only ASCII punctuation; one before anything else shows as itself.
            if (text[i] == '\\' && i + 1 < text.Length && char.IsAscii(text[i + 1]) && (char.IsPunctuation(text[i + 1]) || char.IsSymbol(text[i + 1])))
                escape[i] = true;
            // "<" starts a tag or an autolink only when a letter, "/", "!" or "?" follows it.
            if (text[i] == '<' && i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '/' or '!' or '?'))
                escape[i] = true;
        }
        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            if (escape[i])
                escaped.Append('\\');
            escaped.Append(text[i]);
        }
        return escaped.ToString();
    }

    /// <summary>Block markers at the start of a line (after up to three spaces): "- ", "+ ", "* ",
    /// "1. ", "1) ", "# ", "&gt;", a fence, and a line of only -, *, _ or = (a rule or a heading underline).</summary>
    private static void MarkLineStarts(string text, bool[] escape)
    {
        for (var start = 0; start < text.Length; start = text.IndexOf('\n', start) is var next and >= 0 ? next + 1 : text.Length)
        {
            var i = start;
            while (i < text.Length && i - start < 3 && text[i] == ' ')
                i++;
            if (i >= text.Length)
                return;
            var end = text.IndexOf('\n', i) is var lineEnd and >= 0 ? lineEnd : text.Length;
            var line = text[i..end];
            bool SpaceOrEndAt(int at) => at >= line.Length || line[at] is ' ' or '\t';
            if (line[0] is '-' or '+' or '*' && SpaceOrEndAt(1))
                escape[i] = true;
            else if (line[0] == '>')
                escape[i] = true;
            else if (line[0] == '#')
            {
                var hashes = line.TakeWhile(c => c == '#').Count();
                if (hashes <= 6 && SpaceOrEndAt(hashes))
                    escape[i] = true;
            }
            else if (line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("~~~", StringComparison.Ordinal))
                escape[i] = true;
            else if (char.IsAsciiDigit(line[0]))
            {
                var digits = line.TakeWhile(char.IsAsciiDigit).Count();
                if (digits <= 9 && digits < line.Length && line[digits] is '.' or ')' && SpaceOrEndAt(digits + 1))
                    escape[i + digits] = true;
            }
            if (line.Trim().Length >= 3 && line[0] is '-' or '*' or '_' or '=' && line.All(c => c == line[0] || c == ' '))
                escape[i] = true;
        }
    }

    /// <summary>
    /// Emphasis: a run of <c>*</c>, <c>_</c> (or <c>~~</c>) that could open emphasis, with a later
    /// run of the same mark that could close it. Whether a run can open or close is CommonMark's
    /// flanking rule: "2 * 3" (spaces both sides) never acts, nor an underscore inside a word
    /// (snake_case_name).
    /// </summary>
    private static void MarkEmphasis(string text, bool[] escape)
    {
        foreach (var mark in EmphasisMarks)
        {
            var runs = new List<(int Start, int Length, bool Opens, bool Closes)>();
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] != mark)
                    continue;
                var start = i;
                while (i + 1 < text.Length && text[i + 1] == mark)
                    i++;
                var length = i - start + 1;
                if (mark == '~' && length < 2)
                    continue;
                var before = start > 0 ? text[start - 1] : ' ';
                var after = i + 1 < text.Length ? text[i + 1] : ' ';
                var leftFlanking = !char.IsWhiteSpace(after) && (!IsPunctuation(after) || char.IsWhiteSpace(before) || IsPunctuation(before));
                var rightFlanking = !char.IsWhiteSpace(before) && (!IsPunctuation(before) || char.IsWhiteSpace(after) || IsPunctuation(after));
                var opens = mark == '_' ? leftFlanking && (!rightFlanking || IsPunctuation(before)) : leftFlanking;
                var closes = mark == '_' ? rightFlanking && (!leftFlanking || IsPunctuation(after)) : rightFlanking;
                runs.Add((start, length, opens, closes));
            }
            var firstOpener = runs.FindIndex(run => run.Opens);
            if (firstOpener < 0 || !runs.Skip(firstOpener + 1).Any(run => run.Closes))
                continue;
            foreach (var run in runs.Where(run => run.Opens || run.Closes))
                for (var at = run.Start; at < run.Start + run.Length; at++)
                    escape[at] = true;
        }
    }

    /// <summary>A link or image: "[" with a later "](" (both brackets escaped), or "[...][...]".</summary>
    private static void MarkLinks(string text, bool[] escape)
    {
        for (var open = text.IndexOf('['); open >= 0; open = text.IndexOf('[', open + 1))
        {
            var close = text.IndexOf(']', open + 1);
            if (close < 0)
                return;
            if (close + 1 < text.Length && text[close + 1] is '(' or '[')
            {
                escape[open] = true;
                escape[close] = true;
            }
        }
    }

    /// <summary>A code span: a run of backticks with a later run of the same length.</summary>
    private static void MarkCodeSpans(string text, bool[] escape)
    {
        var runs = new List<(int Start, int Length)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '`')
                continue;
            var start = i;
            while (i + 1 < text.Length && text[i + 1] == '`')
                i++;
            runs.Add((start, i - start + 1));
        }
        foreach (var run in runs.Where(run => runs.Any(other => other.Start > run.Start && other.Length == run.Length)
                     || runs.Any(other => other.Start < run.Start && other.Length == run.Length)))
            for (var at = run.Start; at < run.Start + run.Length; at++)
                escape[at] = true;
    }

    private static bool IsPunctuation(char character) => char.IsPunctuation(character) || char.IsSymbol(character);
}
