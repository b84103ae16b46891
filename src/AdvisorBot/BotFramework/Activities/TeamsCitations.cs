using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AdvisorBot.BotFramework.Cards;
using AdvisorBot.BotFramework.Configuration;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.BotFramework.Activities;

/// <summary>
/// Teams' native citations: the message's text names each quoted passage with a <c>[n]</c> marker,
/// and the message carries one schema.org Message entity whose citation claims say what each
/// marker stands for (the passage's heading, the start of its text, the article's link). Teams
/// shows them as numbered references with a pop-up per passage. Its limits are kept here: at most
/// 20 citations, names of 80 characters, abstracts of 160, up to three keywords of 28. The
/// passages are quoted, not generated, so the message carries no "AI generated" label.
/// </summary>
public static partial class TeamsCitations
{
    public const int MaxCitations = 20;
    public const int MaxNameLength = 80;
    public const int MaxAbstractLength = 160;
    public const int MaxKeywords = 3;
    public const int MaxKeywordLength = 28;

    /// <summary>The in-text marker of the citation at <paramref name="position"/> (1-based).</summary>
    public static string Marker(int position) => $"[{position}]";

    /// <summary>The citation entity for <paramref name="passages"/>, in order: the first is [1].
    /// Null when there is nothing to cite; passages past the twentieth are left uncited.</summary>
    public static Entity? Entity(IReadOnlyList<Passage> passages)
    {
        if (passages.Count == 0)
            return null;
        return new Entity("https://schema.org/Message")
        {
            SchemaType = "Message",
            Context = "https://schema.org",
            Citation = Names(passages).Select((name, i) => new CitationClaim(i + 1, Appearance(passages[i], name))).ToList(),
        };
    }

    /// <summary>The names of the citations of <paramref name="passages"/> (at most twenty), each
    /// distinct: two passages whose names would be the same (two parts of one long section, or
    /// two articles' "Cons") are told apart by the article, then by a number.</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<Passage> passages)
    {
        var cited = passages.Take(MaxCitations).ToList();
        var names = cited.Select(Name).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            if (names.Count(name => name == names[i]) < 2)
                continue;
            var withArticle = $"{names[i]} ({cited[i].Source.Title})";
            if (withArticle.Length <= MaxNameLength && !cited.Where((_, j) => j != i && names[j] == names[i]).Any(other => other.Source.Title == cited[i].Source.Title))
                names[i] = withArticle;
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var count = seen[names[i]] = seen.GetValueOrDefault(names[i]) + 1;
            if (count == 1)
                continue;
            var suffix = $" ({count})";
            names[i] = ReplyCardRenderer.Clip(names[i], MaxNameLength - suffix.Length) + suffix;
        }
        return names;
    }

    private static CitationAppearance Appearance(Passage passage, string name) => new(
        name,
        TrustedUrl.IsHttp(passage.Source.Url) ? passage.Source.Url : null,
        Abstract(passage.Text),
        Keywords(passage));

    /// <summary>The name Teams shows for a cited passage (answers name their passages by it too):
    /// its heading path, shortened from the article's end (the link names the article) until it
    /// fits; the deepest heading alone is cut if it is still too long.</summary>
    public static string Name(Passage passage)
    {
        var headings = passage.HeadingPath.Where(heading => !string.IsNullOrWhiteSpace(heading)).ToList();
        for (var first = 0; first < headings.Count; first++)
        {
            var name = string.Join(" > ", headings.Skip(first));
            if (name.Length <= MaxNameLength)
                return name;
        }
        return ReplyCardRenderer.Clip(headings.Count > 0 ? headings[^1] : passage.Source.Title, MaxNameLength);
    }

    /// <summary>The start of the passage as one line, cut after a whole word.</summary>
    private static string Abstract(string text)
    {
        var line = Whitespace().Replace(text, " ").Trim();
        if (line.Length <= MaxAbstractLength)
            return line;
        // The ellipsis takes the last place; a word longer than half the room is cut inside.
        var cut = line.LastIndexOf(' ', MaxAbstractLength - 1);
        return cut > MaxAbstractLength / 2 ? line[..cut].TrimEnd(',', ';', ':', '.') + "…" : ReplyCardRenderer.Clip(line, MaxAbstractLength);
    }

    /// <summary>The section headings that fit whole, the most specific first: what the passage is about.</summary>
    private static IReadOnlyList<string>? Keywords(Passage passage)
    {
        var keywords = passage.SectionHeadings.Reverse()
            .Select(heading => heading.Trim().TrimEnd(':'))
            .Where(heading => heading.Length is > 0 and <= MaxKeywordLength)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxKeywords)
            .ToList();
        return keywords.Count > 0 ? keywords : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>One citation: the marker's number and what it points at.</summary>
public sealed record CitationClaim(int Position, CitationAppearance Appearance)
{
    [JsonPropertyOrder(-1)]
    [JsonPropertyName("@type")]
    public string SchemaType => "Claim";
}

/// <summary>The cited passage as Teams shows it in the reference's pop-up.</summary>
public sealed record CitationAppearance(string Name, string? Url, string? Abstract, IReadOnlyList<string>? Keywords)
{
    [JsonPropertyOrder(-1)]
    [JsonPropertyName("@type")]
    public string SchemaType => "DigitalDocument";
}
