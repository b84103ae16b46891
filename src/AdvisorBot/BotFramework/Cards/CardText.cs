using System.Globalization;
using System.Text.RegularExpressions;

namespace AdvisorBot.BotFramework.Cards;

/// <summary>
/// Text as TextBlocks that read as the text does, in Teams and in Web Chat alike: one block per
/// paragraph; a run of list items as one Markdown list (so a numbered list counts 1, 2, 3 rather
/// than restarting in every block); fenced code as code, one monospace line per block with its
/// indentation kept. Every block is escaped by one rule (<see cref="MarkdownText"/>): what
/// Markdown would act on gets a backslash, so <c>__name__</c> stays itself, and nothing else does.
/// </summary>
public static partial class CardText
{
    private const string Fence = "```";

    /// <summary>An article's text: its lists as lists, its code as code.</summary>
    public static IEnumerable<CardElement> Blocks(string text, int textLimit) => Elements(Segments(text.Replace("\r\n", "\n"), lists: true), textLimit);

    /// <summary>
    /// A reply's own text, which may quote what a person typed: nothing in it becomes a list (a
    /// typed "1. ..." must not turn into one), so each line is a block of its own, as written.
    /// </summary>
    public static IEnumerable<CardElement> Lines(string text, int textLimit) => Elements(Segments(text.Replace("\r\n", "\n"), lists: false), textLimit);

    private static IEnumerable<CardElement> Elements(List<Segment> segments, int textLimit)
    {
        var first = true;
        foreach (var block in segments)
        {
            var element = block switch
            {
                Code code => CodeBlock(code.Lines, textLimit),
                Items list => new TextBlock(ListMarkdown(list, textLimit)),
                Paragraph paragraph => (CardElement)new TextBlock(MarkdownText.Escape(ReplyCardRenderer.Clip(string.Join(' ', paragraph.Lines), textLimit))),
                _ => throw new InvalidOperationException(),
            };
            yield return element with { Spacing = first ? null : "small" };
            first = false;
        }
    }

    /// <summary>A list as Markdown: each item escaped after its marker, numbers counted from the first.</summary>
    private static string ListMarkdown(Items list, int textLimit)
    {
        var start = list.Start ?? 1;
        return string.Join('\n', list.Lines.Select((item, i) =>
            (list.Start is null ? "- " : $"{(start + i).ToString(CultureInfo.InvariantCulture)}. ") + MarkdownText.Escape(ReplyCardRenderer.Clip(item, textLimit))));
    }

    private static Container CodeBlock(IReadOnlyList<string> lines, int textLimit) =>
        new(lines.Select(line => (CardElement)new TextBlock(MarkdownText.Escape(Indented(ReplyCardRenderer.Clip(line, textLimit))))
        {
            FontType = "monospace",
            Spacing = "none",
        }).ToList())
        { Style = "emphasis" };

    /// <summary>Markdown drops leading spaces; non-breaking ones keep code's indentation. An empty
    /// line keeps its place as a non-breaking space.</summary>
    private static string Indented(string line)
    {
        var indent = line.Length - line.TrimStart(' ').Length;
        var rest = line[indent..];
        return rest.Length == 0 ? "\u00a0" : new string('\u00a0', indent) + rest;
    }

    private abstract record Segment;

    private sealed record Paragraph(List<string> Lines) : Segment;

    /// <summary>List items without their markers; <see cref="Start"/> is the first number of a numbered list.</summary>
    private sealed record Items(List<string> Lines, int? Start) : Segment;

    private sealed record Code(List<string> Lines) : Segment;

    private static List<Segment> Segments(string text, bool lists)
    {
        var segments = new List<Segment>();
        Segment? open = null;
        var inCode = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith(Fence, StringComparison.Ordinal))
            {
                inCode = !inCode;
                open = inCode ? Add(new Code([])) : null;
                continue;
            }
            if (inCode)
            {
                ((Code)open!).Lines.Add(line);
                continue;
            }
            if (line.Trim().Length == 0)
            {
                open = null;
                continue;
            }
            if (!lists)
            {
                segments.Add(new Paragraph([line.Trim()]));
                open = null;
                continue;
            }
            var item = ListItem().Match(line);
            if (item.Success)
            {
                int? number = item.Groups["number"].Success ? int.Parse(item.Groups["number"].Value, CultureInfo.InvariantCulture) : null;
                if (open is not Items list || (list.Start is null) != (number is null))
                    open = Add(new Items([], number));
                ((Items)open).Lines.Add(item.Groups["text"].Value);
                continue;
            }
            if (open is Paragraph paragraph)
                paragraph.Lines.Add(line.Trim());
            else
                open = Add(new Paragraph([line.Trim()]));
        }
        return segments;

        Segment Add(Segment segment)
        {
            segments.Add(segment);
            return segment;
        }
    }

    [GeneratedRegex(@"^\s*(?:[-*•]|(?<number>\d{1,3})[.)])\s+(?<text>.+)$")]
    private static partial Regex ListItem();
}
