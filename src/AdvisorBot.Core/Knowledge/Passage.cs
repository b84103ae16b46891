namespace AdvisorBot.Core.Knowledge;

/// <summary>
/// The unit the bot quotes: a run of an article's text under one heading, small enough to read
/// in a chat message. <see cref="HeadingPath"/> runs from the article title down to the deepest
/// heading the text sits under.
/// </summary>
public sealed record Passage(
    string Id,
    string ArticleId,
    IReadOnlyList<string> HeadingPath,
    string Text,
    Source Source,
    string File,
    int Line)
{
    /// <summary>Longest passage text, in characters: what a chat user reads at a glance.</summary>
    public const int MaxTextLength = 800;

    /// <summary>The heading path as one line, "Article > Section > Subsection".</summary>
    public string Heading => string.Join(" > ", HeadingPath);

    /// <summary>The headings below the article title, which say what this passage is about.</summary>
    public IEnumerable<string> SectionHeadings => HeadingPath.Skip(1);
}
