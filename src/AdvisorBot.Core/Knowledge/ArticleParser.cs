using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace AdvisorBot.Core.Knowledge;

/// <summary>
/// Turns one Markdown article into passages: the front matter gives the source, the Markdown
/// headings give each passage its heading path, and the text under each heading is packed into
/// passages by <see cref="PassageSplitter"/>. The text is quoted as written, so the bot's
/// quotations stay verbatim.
/// </summary>
public static class ArticleParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static Article Parse(string text, string file, string defaultId)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new KnowledgeLoadException(file, 1, "is empty");

        var front = FrontMatter.Parse(text, file, out var body, out var bodyFirstLine);
        var articleId = front.Id ?? defaultId;
        if (!Slug.IsValid(articleId))
            throw new KnowledgeLoadException(file, 1, $"gives no usable id: name the file with letters or digits, or set 'id' in the front matter");
        var source = new Source(front.Title, front.Publisher, front.Author, front.Date, front.Url);

        var sections = ReadSections(body, front.Title, bodyFirstLine);
        var passages = new List<Passage>();
        var sectionKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            var key = UniqueSectionKey(section.HeadingPath, sectionKeys);
            var pieces = PassageSplitter.Split(section.Blocks);
            for (var i = 0; i < pieces.Count; i++)
                passages.Add(new Passage($"{articleId}/{key}/{i + 1}", articleId, section.HeadingPath, pieces[i].Text, source, file, pieces[i].Line));
        }
        if (passages.Count == 0)
            throw new KnowledgeLoadException(file, bodyFirstLine, "has no text after its front matter");
        return new Article(articleId, source, file, passages);
    }

    /// <summary>A section's key in passage ids: its own heading's slug, or its parents' too when a
    /// heading repeats ("Django > Pros" and "Flask > Pros"), so ids stay readable and unique.</summary>
    private static string UniqueSectionKey(IReadOnlyList<string> headingPath, HashSet<string> taken)
    {
        var slugs = headingPath.Skip(1).Select(Slug.From).Where(slug => slug.Length > 0).ToList();
        if (slugs.Count == 0)
            slugs.Add("intro");
        for (var depth = 1; depth <= slugs.Count; depth++)
        {
            var key = string.Join('-', slugs[^depth..]);
            if (taken.Add(key))
                return key;
        }
        var full = string.Join('-', slugs);
        for (var n = 2; ; n++)
        {
            if (taken.Add($"{full}-{n}"))
                return $"{full}-{n}";
        }
    }

    private sealed record Section(IReadOnlyList<string> HeadingPath, List<ContentBlock> Blocks);

    private static List<Section> ReadSections(string body, string title, int bodyFirstLine)
    {
        var document = Markdown.Parse(body, Pipeline);
        var sections = new List<Section>();
        // headings[level] is the current heading at that level; level 1 is the article title.
        var headings = new SortedDictionary<int, string> { [1] = title };
        var current = new Section([title], []);
        // The lead-in of the last code sample, for a sample that follows it directly.
        (string Text, int Line)? exampleLeadIn = null;

        void Add(ContentBlock block) => current.Blocks.Add(block);

        string Source(Block block) => body.Substring(block.Span.Start, block.Span.Length);
        int LineOf(Block block) => bodyFirstLine + block.Line;

        foreach (var block in document)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    if (current.Blocks.Count > 0)
                        sections.Add(current);
                    var headingText = CollapseSpaces(Source(heading).Split('\n')[0].Trim().Trim('#').Trim());
                    if (heading.Level == 1)
                    {
                        // The article's own title heading: its text belongs to the title section.
                        current = new Section([title], []);
                        continue;
                    }
                    foreach (var deeper in headings.Keys.Where(level => level >= heading.Level).ToList())
                        headings.Remove(deeper);
                    headings[heading.Level] = headingText;
                    current = new Section(headings.Values.ToList(), []);
                    break;

                case ParagraphBlock paragraph:
                    Add(WithLeadIn(new ContentBlock(ContentKind.Paragraph, null, [CollapseSpaces(Source(paragraph))], LineOf(paragraph)), TakeLeadIn(current.Blocks)));
                    break;

                case ListBlock list:
                    Add(WithLeadIn(ListBlockOf(list, Source, LineOf), TakeLeadIn(current.Blocks)));
                    break;

                case FencedCodeBlock fenced:
                    var codeLines = Source(fenced).Split('\n');
                    var code = new ContentBlock(ContentKind.Code, codeLines[0].TrimEnd(), codeLines[1..^1], LineOf(fenced), codeLines[^1].TrimEnd());
                    // Code is never quoted without the sentence that introduces it, whatever its ending.
                    // A sample right after another (the next file of one example) has no sentence of
                    // its own: the one that introduced the example introduces it too.
                    if (current.Blocks is [.., { Kind: ContentKind.Code }] && exampleLeadIn is { } shared)
                    {
                        Add(code with { ContinuedLeadIn = shared.Text });
                        break;
                    }
                    exampleLeadIn = TakeLeadIn(current.Blocks, anyParagraph: true);
                    Add(WithLeadIn(code, exampleLeadIn));
                    break;

                case Table table:
                    var rows = Source(table).Split('\n').Select(row => row.Trim()).Where(row => row.Length > 0).ToList();
                    // The header and its |---| line open every passage the table is spread over.
                    var header = rows.Count >= 2 ? $"{rows[0]}\n{rows[1]}" : rows[0];
                    Add(WithLeadIn(new ContentBlock(ContentKind.Table, header, rows.Skip(2).ToList(), LineOf(table)), TakeLeadIn(current.Blocks)));
                    break;

                case ThematicBreakBlock or LinkReferenceDefinitionGroup:
                    break;

                default:
                    // Quotes, indented code, HTML: kept as written, as one paragraph-like block.
                    var raw = Source(block).Trim();
                    if (raw.Length > 0)
                        Add(new ContentBlock(ContentKind.Paragraph, null, [raw], LineOf(block)));
                    break;
            }
        }
        if (current.Blocks.Count > 0)
            sections.Add(current);
        CarryLeadInsIntoSubsections(sections);
        return sections.Where(section => section.Blocks.Count > 0).ToList();
    }

    /// <summary>
    /// A section that ends with a lead-in ("The differences are:") whose content is in the
    /// subsection below gives it to that subsection's first block, so it is not quoted alone: to
    /// every passage that block is spread over when the two fit one passage, else to the first
    /// (a long lead-in repeated over several passages would drown them). So does
    /// a section whose only text is one short sentence or two announcing its subsections ("Let's
    /// explore the security aspects of both frameworks.").
    /// </summary>
    private const int ShortIntroduction = 200;

    private static void CarryLeadInsIntoSubsections(List<Section> sections)
    {
        for (var i = 0; i + 1 < sections.Count; i++)
        {
            var (section, next) = (sections[i], sections[i + 1]);
            var isSubsection = next.HeadingPath.Count > section.HeadingPath.Count && next.HeadingPath.Take(section.HeadingPath.Count).SequenceEqual(section.HeadingPath);
            if (!isSubsection || next.Blocks.Count == 0)
                continue;
            var blocks = section.Blocks.ToList();
            // (The article's own opening, under its title, is no announcement: it stays.)
            var onlyAnIntroduction = section.HeadingPath.Count > 1 && blocks is [{ Kind: ContentKind.Paragraph, Items: [{ Length: <= ShortIntroduction }] }];
            if (TakeLeadIn(blocks, anyParagraph: onlyAnIntroduction) is not { } leadIn)
                continue;
            section.Blocks.RemoveAt(section.Blocks.Count - 1);
            var joined = WithLeadIn(next.Blocks[0], leadIn);
            if (joined.Render().Length <= Passage.MaxTextLength)
                next.Blocks[0] = joined with { Line = next.Blocks[0].Line };
            else
                // Too long to repeat on every part: it opens the first part only (see PassageSplitter).
                next.Blocks.Insert(0, new ContentBlock(ContentKind.Paragraph, null, [leadIn.Text], next.Blocks[0].Line));
        }
    }

    private static ContentBlock ListBlockOf(ListBlock list, Func<Block, string> source, Func<Block, int> lineOf) =>
        new(ContentKind.List, null, list.OfType<ListItemBlock>().Select(item => NormalizeItem(source(item), list)).ToList(), lineOf(list));

    /// <summary>The longest lead-in: it opens every passage of what it introduces, so it may take
    /// at most half of one and leave the rest to the code, list or table.</summary>
    private const int MaxLeadIn = Passage.MaxTextLength / 2;

    /// <summary>
    /// Removes and returns the last block when it is a paragraph that leads into what follows: one
    /// ending with a colon ("Django can be used to build:"), or with <paramref name="anyParagraph"/>
    /// any paragraph (the sentence before a code sample introduces it). Null when there is none.
    /// Of a paragraph longer than <see cref="MaxLeadIn"/>, only the last sentences that fit lead in;
    /// the sentences before them stay a paragraph of their own.
    /// </summary>
    private static (string Text, int Line)? TakeLeadIn(List<ContentBlock> blocks, bool anyParagraph = false)
    {
        if (blocks.Count == 0 || blocks[^1] is not { Kind: ContentKind.Paragraph, Context: null, Items: [var text] } block)
            return null;
        if (!anyParagraph && !text.TrimEnd().EndsWith(':'))
            return null;
        if (text.Length <= MaxLeadIn)
        {
            blocks.RemoveAt(blocks.Count - 1);
            return (text, block.Line);
        }
        var sentences = PassageSplitter.Sentences(text);
        var count = 0;
        var length = -1;
        while (count < sentences.Count && length + 1 + sentences[^(count + 1)].Length <= MaxLeadIn)
            length += 1 + sentences[^++count].Length;
        // A single sentence longer than that is no lead-in that can be repeated: it stays where it is.
        if (count == 0)
            return null;
        blocks[^1] = block with { Items = [string.Join(' ', sentences.SkipLast(count))] };
        return (string.Join(' ', sentences.TakeLast(count)), block.Line);
    }

    /// <summary>
    /// The block with its lead-in, so the two are never quoted apart: a list's, table's or code
    /// sample's lead-in opens every passage the block is spread over; a paragraph's joins its text.
    /// </summary>
    private static ContentBlock WithLeadIn(ContentBlock block, (string Text, int Line)? leadIn)
    {
        if (leadIn is not var (text, line))
            return block;
        return block.Kind == ContentKind.Paragraph
            ? block with { Items = [$"{text} {block.Items[0]}", .. block.Items.Skip(1)], Line = line }
            : block with { Context = block.Context is null ? text : $"{text}\n{block.Context}", Line = line };
    }

    /// <summary>One list item on one line per paragraph, with a plain "- " marker (or its number).</summary>
    private static string NormalizeItem(string itemSource, ListBlock list)
    {
        var lines = itemSource.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        var first = lines[0];
        var marker = list.IsOrdered ? first[..(first.IndexOfAny(['.', ')']) + 1)] : "-";
        var firstText = list.IsOrdered ? first[marker.Length..].TrimStart() : first.TrimStart('-', '*', '+').TrimStart();
        return CollapseSpaces($"{marker} {string.Join(' ', lines.Skip(1).Prepend(firstText))}");
    }

    private static string CollapseSpaces(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
