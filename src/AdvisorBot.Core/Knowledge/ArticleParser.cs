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
                    current.Blocks.Add(new ContentBlock(ContentKind.Paragraph, null, [CollapseSpaces(Source(paragraph))], LineOf(paragraph)));
                    break;

                case ListBlock list:
                    current.Blocks.Add(ListWithLeadIn(list, current.Blocks, Source, LineOf));
                    break;

                case FencedCodeBlock fenced:
                    var codeLines = Source(fenced).Split('\n');
                    current.Blocks.Add(new ContentBlock(ContentKind.Code, codeLines[0].TrimEnd(), codeLines[1..^1], LineOf(fenced), codeLines[^1].TrimEnd()));
                    break;

                case Table table:
                    var rows = Source(table).Split('\n').Select(row => row.Trim()).Where(row => row.Length > 0).ToList();
                    // The header and its |---| line open every passage the table is spread over.
                    var header = rows.Count >= 2 ? $"{rows[0]}\n{rows[1]}" : rows[0];
                    current.Blocks.Add(new ContentBlock(ContentKind.Table, header, rows.Skip(2).ToList(), LineOf(table)));
                    break;

                case ThematicBreakBlock or LinkReferenceDefinitionGroup:
                    break;

                default:
                    // Quotes, indented code, HTML: kept as written, as one paragraph-like block.
                    var raw = Source(block).Trim();
                    if (raw.Length > 0)
                        current.Blocks.Add(new ContentBlock(ContentKind.Paragraph, null, [raw], LineOf(block)));
                    break;
            }
        }
        if (current.Blocks.Count > 0)
            sections.Add(current);
        return sections;
    }

    /// <summary>A list, taking with it the paragraph just before it when that paragraph introduces
    /// it (ends with a colon), so the lead-in and its items are never quoted apart.</summary>
    private static ContentBlock ListWithLeadIn(ListBlock list, List<ContentBlock> blocksSoFar, Func<Block, string> source, Func<Block, int> lineOf)
    {
        var items = list.OfType<ListItemBlock>()
            .Select(item => NormalizeItem(source(item), list))
            .ToList();
        string? leadIn = null;
        var line = lineOf(list);
        if (blocksSoFar.Count > 0 && blocksSoFar[^1] is { Kind: ContentKind.Paragraph, Items: [var previous] } leadBlock && previous.TrimEnd().EndsWith(':'))
        {
            leadIn = previous;
            line = leadBlock.Line;
            blocksSoFar.RemoveAt(blocksSoFar.Count - 1);
        }
        return new ContentBlock(ContentKind.List, leadIn, items, line);
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
