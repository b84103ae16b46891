using System.Text.Json;
using AdvisorBot.BotFramework.Activities;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>The schema.org citation entity Teams reads, as the bot writes it: its shape, and Teams'
/// limits (20 citations, names of 80, abstracts of 160, three keywords of 28) for every passage.</summary>
public class TeamsCitationTests
{
    private static readonly KnowledgeBase Shipped = KnowledgeBase.Load(RepositoryPaths.Knowledge);

    [Fact]
    public void The_entity_is_one_schema_org_Message_whose_claims_are_numbered_from_one_in_the_passages_order()
    {
        // One article names its link, the others do not: a link where known, none elsewhere.
        List<Passage> passages = [Shipped.Passages.First(passage => passage.Source.Url is not null), .. Shipped.Passages.Where(passage => passage.Source.Url is null).Take(2)];

        var entity = Json(TeamsCitations.Entity(passages)!);

        Assert.Equal("https://schema.org/Message", entity.GetProperty("type").GetString());
        Assert.Equal("Message", entity.GetProperty("@type").GetString());
        Assert.Equal("https://schema.org", entity.GetProperty("@context").GetString());
        // Quoted passages, not generated text: no "AI generated" label.
        Assert.False(entity.TryGetProperty("additionalType", out _));
        var claims = entity.GetProperty("citation").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], claims.Select(claim => claim.GetProperty("position").GetInt32()));
        Assert.All(claims, claim =>
        {
            Assert.Equal("Claim", claim.GetProperty("@type").GetString());
            Assert.Equal("DigitalDocument", claim.GetProperty("appearance").GetProperty("@type").GetString());
        });
        var first = claims[0].GetProperty("appearance");
        Assert.EndsWith(passages[0].HeadingPath[^1], first.GetProperty("name").GetString());
        Assert.StartsWith(string.Join(' ', passages[0].Text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Take(5)), first.GetProperty("abstract").GetString());
        Assert.Equal(passages[0].Source.Url, first.GetProperty("url").GetString());
        Assert.False(claims[1].GetProperty("appearance").TryGetProperty("url", out _));
        Assert.Equal("[2]", TeamsCitations.Marker(2));
    }

    [Fact]
    public void Passages_that_would_share_a_name_are_cited_under_distinct_names()
    {
        var alike = Shipped.Passages.GroupBy(TeamsCitations.Name).First(group => group.Count() >= 2).Take(3).ToList();
        Assert.Single(alike.Select(TeamsCitations.Name).Distinct());

        var names = Json(TeamsCitations.Entity(alike)!).GetProperty("citation").EnumerateArray()
            .Select(claim => claim.GetProperty("appearance").GetProperty("name").GetString()!).ToList();

        Assert.Equal(alike.Count, names.Distinct().Count());
        Assert.All(names, name => Assert.InRange(name.Length, 1, TeamsCitations.MaxNameLength));
    }

    [Fact]
    public void Every_shipped_passage_is_cited_within_Teams_limits()
    {
        foreach (var passage in Shipped.Passages)
        {
            var appearance = Json(TeamsCitations.Entity([passage])!).GetProperty("citation")[0].GetProperty("appearance");

            Assert.InRange(appearance.GetProperty("name").GetString()!.Length, 1, TeamsCitations.MaxNameLength);
            Assert.InRange(appearance.GetProperty("abstract").GetString()!.Length, 1, TeamsCitations.MaxAbstractLength);
            if (appearance.TryGetProperty("keywords", out var keywords))
            {
                Assert.InRange(keywords.GetArrayLength(), 1, TeamsCitations.MaxKeywords);
                Assert.All(keywords.EnumerateArray(), keyword => Assert.InRange(keyword.GetString()!.Length, 1, TeamsCitations.MaxKeywordLength));
            }
        }
    }

    [Fact]
    public void Overlong_headings_and_text_are_shortened_and_only_twenty_passages_are_cited()
    {
        var source = new Source("An article", null, null, null, "javascript:alert(1)");
        var passage = new Passage("a/long/1", "a", ["An article", new string('h', 50), new string('s', 90)], string.Join(' ', Enumerable.Repeat("word", 100)), source, "a.md", 1);

        var entity = Json(TeamsCitations.Entity(Enumerable.Repeat(passage, 25).ToList())!);

        var claims = entity.GetProperty("citation").EnumerateArray().ToList();
        Assert.Equal(TeamsCitations.MaxCitations, claims.Count);
        var appearance = claims[0].GetProperty("appearance");
        Assert.Equal(TeamsCitations.MaxNameLength, appearance.GetProperty("name").GetString()!.Length);
        var summary = appearance.GetProperty("abstract").GetString()!;
        Assert.InRange(summary.Length, TeamsCitations.MaxAbstractLength - 10, TeamsCitations.MaxAbstractLength);
        Assert.EndsWith("word…", summary);
        // Only http(s) links become the title's link.
        Assert.False(appearance.TryGetProperty("url", out _));
        Assert.False(appearance.TryGetProperty("keywords", out _));
    }

    [Fact]
    public void Nothing_to_cite_gives_no_entity()
    {
        Assert.Null(TeamsCitations.Entity([]));
    }

    private static JsonElement Json(Entity entity) =>
        JsonSerializer.SerializeToElement(entity, ActivityJson.Options);
}
