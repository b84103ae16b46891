using AdvisorBot.Core.Search;

namespace AdvisorBot.Tests.Search;

/// <summary>The confidence model is data: fitted, written, read back, and refused when it does
/// not hold exactly the features the search measures.</summary>
public class ConfidenceModelTests
{
    private static ConfidenceFeatures Features(double cosine, double known) => new(cosine, known, known * 2, known, OnlySubjectsKnown: false, UnknownNameShare: 0);

    [Fact]
    public void A_fitted_model_is_more_confident_where_its_examples_were_answered_and_reads_back_the_same()
    {
        var examples = new List<(ConfidenceFeatures, bool)>();
        for (var i = 0; i < 10; i++)
        {
            examples.Add((Features(0.6 + i * 0.03, 0.8 + i * 0.02), true));
            examples.Add((Features(0.1 + i * 0.03, 0.1 + i * 0.03), false));
        }

        var model = ConfidenceModel.Fit(examples, ["set.jsonl"]);
        var read = ConfidenceModel.Parse(model.ToJson(), "model.json");

        Assert.True(model.Predict(Features(0.75, 0.9)) > 0.5);
        Assert.True(model.Predict(Features(0.15, 0.1)) < 0.5);
        Assert.Equal(model.Predict(Features(0.5, 0.5)), read.Predict(Features(0.5, 0.5)), 6);
        Assert.Equal(["set.jsonl"], read.FittedOn);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"bias": 1, "weights": {}}""", "no weight for bestCosine")]
    [InlineData("""{"bias": "high", "weights": {}}""", "'bias' must be a finite number")]
    [InlineData("""{"bias": 0, "weights": {"bestCosine": 1, "knownShare": 1, "knownTopic": 1, "topicCoverage": 1, "onlySubjectsKnown": 1, "unknownNameShare": 1, "mood": 2}}""", "unknown feature 'mood'")]
    [InlineData("""{"bias": 0, "weight": {}}""", "unknown key 'weight'")]
    public void A_bad_model_file_is_refused_with_what_is_wrong(string json, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => ConfidenceModel.Parse(json, "confidence-model.json"));

        Assert.Contains("confidence-model.json", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
