namespace AdvisorBot.Core.Knowledge;

/// <summary>Where a passage comes from, as the article's front matter gives it. Only the title is
/// always known; the rest is null when the capture did not say.</summary>
public sealed record Source(string Title, string? Publisher, string? Author, string? Date, string? Url)
{
    /// <summary>One readable line naming the source: "Title — Publisher, Author (Date)".</summary>
    public string Describe()
    {
        var byline = string.Join(", ", new[] { Publisher, Author }.Where(part => !string.IsNullOrWhiteSpace(part)));
        var line = byline.Length > 0 ? $"{Title} — {byline}" : Title;
        return Date is null ? line : $"{line} ({Date})";
    }
}
