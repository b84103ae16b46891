using System.Text.RegularExpressions;

namespace AdvisorBot.Tests.Support;

/// <summary>What a CommonMark renderer (Web Chat, Teams) shows for a TextBlock's text: a
/// backslash before ASCII punctuation is dropped and the character shown as itself.</summary>
public static partial class MarkdownShown
{
    public static string Of(string markdown) => Escape().Replace(markdown, "$1");

    public static IReadOnlyList<string> Of(IEnumerable<string> markdown) => markdown.Select(Of).ToList();

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex Escape();
}
