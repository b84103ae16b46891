namespace AdvisorBot.Core.Knowledge;

/// <summary>
/// One piece of a section's body as the splitter sees it: a paragraph, a list (with the sentence
/// that leads into it), a code sample or a table (with its header row). <see cref="Context"/> is
/// repeated at the top of every passage the block is spread over, so a list item is never quoted
/// without what it is a list of;
/// <see cref="Closing"/> likewise ends every such passage (a code sample's closing fence).
/// </summary>
public sealed record ContentBlock(ContentKind Kind, string? Context, IReadOnlyList<string> Items, int Line, string? Closing = null)
{
    /// <summary>
    /// For a code sample right after another (the next file of one example): the sentence that
    /// introduced the example. It opens every passage this block starts, and is left out where the
    /// block follows the rest of its example in one passage, so it is not quoted twice there.
    /// </summary>
    public string? ContinuedLeadIn { get; init; }

    /// <summary>The block as it reads when it opens a passage.</summary>
    public string RenderOpening() => ContinuedLeadIn is null ? Render() : $"{ContinuedLeadIn}{ItemSeparator}{Render()}";

    /// <summary>What opens every passage the block is spread over.</summary>
    public string? OpeningContext => ContinuedLeadIn is null ? Context : Context is null ? ContinuedLeadIn : $"{ContinuedLeadIn}{ItemSeparator}{Context}";

    /// <summary>What goes between two items of this block in a passage.</summary>
    public string ItemSeparator => Kind == ContentKind.Paragraph ? " " : "\n";

    /// <summary>The block as it reads when it fits in one passage.</summary>
    public string Render()
    {
        var parts = new List<string>();
        if (Context is not null)
            parts.Add(Context);
        parts.AddRange(Items);
        if (Closing is not null)
            parts.Add(Closing);
        return string.Join(ItemSeparator, parts);
    }
}

public enum ContentKind
{
    Paragraph,
    List,
    Code,
    Table,
}
