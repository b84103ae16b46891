using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Search;

/// <summary>
/// Passages are ranked by meaning on the centred cosine (the passages' mean vector taken from
/// both sides), which the searcher works out from the plain one without a second pass over the
/// vectors; confidence keeps the plain cosine, the scale it was fitted on.
/// </summary>
public sealed class CentredCosineTests(ShippedSnapshot shipped) : IClassFixture<ShippedSnapshot>
{
    private readonly KnowledgeSnapshot _snapshot = shipped.Value;

    [Theory]
    [InlineData("Does Flask come with an ORM?")]
    [InlineData("we already run Postgres everywhere, will django play nice with it")]
    public void The_centred_cosine_is_the_cosine_of_the_vectors_less_the_passages_mean(string question)
    {
        var embedder = SentenceEmbedder.Shared;
        var store = _snapshot.Vectors!.ToStore();
        var passages = _snapshot.Knowledge.Passages.Select(passage => store.Vectors[embedder.KeyOf(PassageVectors.TextOf(passage))]).ToList();
        var mean = new float[SentenceEmbedder.Dimensions];
        foreach (var passage in passages)
        {
            for (var k = 0; k < mean.Length; k++)
                mean[k] += passage[k] / passages.Count;
        }
        var vector = embedder.EmbedQuestion(question);

        var cosines = _snapshot.Vectors.Similarities(vector);

        for (var i = 0; i < passages.Count; i++)
        {
            Assert.Equal(SentenceEmbedder.Cosine(passages[i], vector), cosines.Plain[i], 5);
            Assert.Equal(CosineOf(Minus(vector, mean), Minus(passages[i], mean)), cosines.Centred[i], 4);
        }
    }

    [Fact]
    public void A_general_passage_on_both_frameworks_does_not_outrank_the_one_on_the_topic_asked()
    {
        // The overview passages name Flask and Django throughout, so by the plain cosine they are
        // near any question naming them; the passage on Flask and ORMs is nearer once that is set aside.
        var result = _snapshot.Searcher.Search("Does Flask come with an ORM?");

        Assert.True(result.Answered);
        Assert.DoesNotContain("Overview", result.Hits[0].Passage.Heading);
        Assert.Contains("ORM", result.Hits[0].Passage.Text);
        Assert.Contains("Database", result.Hits[0].Passage.Heading);
    }

    private static float[] Minus(float[] a, float[] b) => a.Select((value, k) => value - b[k]).ToArray();

    private static float CosineOf(float[] a, float[] b) =>
        SentenceEmbedder.Cosine(a, b) / MathF.Sqrt(SentenceEmbedder.Cosine(a, a) * SentenceEmbedder.Cosine(b, b));
}
