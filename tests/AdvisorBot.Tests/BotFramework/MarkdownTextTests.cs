using System.Net;
using System.Text.RegularExpressions;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.Core.Knowledge;
using Markdig;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>
/// Card text is escaped only where Markdown would act on it: a CommonMark renderer (Markdig, as
/// Web Chat's markdown-it would) shows the escaped text exactly as written and formats nothing,
/// and ordinary punctuation carries no backslash, so a Teams client that shows escapes literally
/// still reads it right.
/// </summary>
public partial class MarkdownTextTests
{
    private static readonly MarkdownPipeline CommonMark = new MarkdownPipelineBuilder().UseEmphasisExtras().Build();

    [Theory]
    [InlineData("Got it: Built in, please.")]
    [InlineData("Flask vs. Django (2024): which one? It's 50% faster; see p. 3 — or not!")]
    [InlineData("Use snake_case_names and 2 * 3 = 6, a - b, x_1 or C# 12.")]
    [InlineData("python manage.py runserver --port=8000 & echo \"done\" | tee log.txt")]
    [InlineData("Source: Flask vs Django — Inspector, Valerio Barbera (2024-03-01)")]
    public void Ordinary_punctuation_gets_no_backslash(string text) =>
        Assert.Equal(text, MarkdownText.Escape(text));

    [Theory]
    [InlineData("**bold** and _it_ and *em*")]
    [InlineData("app = Flask(__name__)")]
    [InlineData("[link](https://evil.example/x) and ![img](x.png) and [ref][1]")]
    [InlineData("- not a list")]
    [InlineData("1. not a list")]
    [InlineData("12) not a list either")]
    [InlineData("# not a heading")]
    [InlineData("> not a quote")]
    [InlineData("---")]
    [InlineData("```")]
    [InlineData("`not code` and ~~not struck~~")]
    [InlineData("<b>html</b> and <https://auto.example>")]
    [InlineData("a \\* b and C:\\path\\_x_")]
    [InlineData("* star item")]
    public void Markdown_is_escaped_where_it_would_act_so_it_shows_as_written(string text)
    {
        var escaped = MarkdownText.Escape(text);

        var html = Markdown.ToHtml(escaped, CommonMark).Trim();
        var match = Paragraph().Match(html);
        Assert.True(match.Success, $"\"{escaped}\" renders as {html}");
        Assert.Equal(text, WebUtility.HtmlDecode(match.Groups["text"].Value));
        Assert.DoesNotContain("<", match.Groups["text"].Value);
    }

    [Fact]
    public void A_source_line_escapes_only_what_would_act_and_keeps_its_link()
    {
        var source = new Source("Flask vs. Django: the *real* story", "Inspector", "A. N. Author", "2024-03-01", "https://example.org/a");

        Assert.Equal("Source: [Flask vs. Django: the \\*real\\* story](https://example.org/a) — Inspector, A. N. Author (2024-03-01)", ReplyCardRenderer.SourceLine(source));
        Assert.Equal("Source: Flask vs. Django: a guide — Blog", ReplyCardRenderer.SourceLine(new Source("Flask vs. Django: a guide", "Blog", null, null, null)));
    }

    [GeneratedRegex(@"^<p>(?<text>.*)</p>$", RegexOptions.Singleline)]
    private static partial Regex Paragraph();
}
