using System.Text.RegularExpressions;
using Markdig;

namespace AdvisorBot.Tests.Support;

/// <summary>What a CommonMark renderer (Web Chat, Teams) shows for a TextBlock's text: a
/// backslash before ASCII punctuation is dropped and the character shown as itself; and which
/// formatting (emphasis, a link, a list, code, a heading, a tag) it would make of the text.</summary>
public static partial class MarkdownShown
{
    /// <summary>CommonMark with strikethrough, as Web Chat's markdown-it renders it.</summary>
    private static readonly MarkdownPipeline CommonMark = new MarkdownPipelineBuilder().UseEmphasisExtras().Build();

    public static string Of(string markdown) => Escape().Replace(markdown, "$1");

    public static IReadOnlyList<string> Of(IEnumerable<string> markdown) => markdown.Select(Of).ToList();

    /// <summary>The HTML a CommonMark renderer makes of <paramref name="markdown"/>.</summary>
    public static string Html(string markdown) => Markdown.ToHtml(markdown, CommonMark).Trim();

    /// <summary>The elements other than paragraphs and line breaks that the text turns into: none
    /// for text that shows as written.</summary>
    public static IReadOnlyList<string> Formatting(string markdown) =>
        Tag().Matches(Html(markdown)).Select(match => match.Groups["name"].Value).Where(name => name is not ("p" or "br")).Distinct().ToList();

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex Escape();

    [GeneratedRegex(@"</?(?<name>[a-z0-9]+)")]
    private static partial Regex Tag();
}
