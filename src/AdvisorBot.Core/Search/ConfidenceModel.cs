using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdvisorBot.Core.Search;

/// <summary>
/// What a confidence rests on, for one question and the passages it would be shown, of which one
/// is judged: the one with the most evidence (its cosine plus its topic coverage):
/// <list type="bullet">
/// <item><see cref="BestCosine"/>: how close in meaning the judged passage is (the model's plain
/// cosine, not the centred one that ranks);</item>
/// <item><see cref="KnownShare"/>: of the question's concepts that could name its topic (those the
/// articles use, and names they never mention), the share the articles use (a fuzzy match counts
/// half);</item>
/// <item><see cref="KnownTopic"/>: how much the known part of its topic says: the rarity (IDF) of
/// its known concepts other than subject names, summed, on a log scale;</item>
/// <item><see cref="TopicCoverage"/>: how much of the question's known topic (its concepts other
/// than subject names, weighted by rarity) the judged passage holds;</item>
/// <item><see cref="OnlySubjectsKnown"/>: whether the only concepts the articles use are subject
/// names ("Who directed Django Unchained?");</item>
/// <item><see cref="UnknownNameShare"/>: the share of the question's concepts that are names the
/// articles never mention ("MongoDB", "React"), or topics of the vocabulary they never mention
/// ("websockets").</item>
/// </list>
/// Two readings of the question come first (<see cref="ParsedQuery"/>): names the articles never
/// mention around a question about the subjects are its context, and count as unsaid; a name the
/// articles mention only in passing that the question is about ("is FastAPI better?") counts as
/// never mentioned.
/// </summary>
public sealed record ConfidenceFeatures(double BestCosine, double KnownShare, double KnownTopic, double TopicCoverage, bool OnlySubjectsKnown, double UnknownNameShare)
{
    /// <summary>The features' names, as the model file spells them, in <see cref="Values"/>' order.</summary>
    public static readonly IReadOnlyList<string> Names = ["bestCosine", "knownShare", "knownTopic", "topicCoverage", "onlySubjectsKnown", "unknownNameShare"];

    public double[] Values() => [BestCosine, KnownShare, KnownTopic, TopicCoverage, OnlySubjectsKnown ? 1 : 0, UnknownNameShare];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"best cosine={BestCosine:0.000} known share={KnownShare:0.00} known topic={KnownTopic:0.00} topic coverage={TopicCoverage:0.00} only subjects known={OnlySubjectsKnown} unknown names={UnknownNameShare:0.00}");
}

/// <summary>
/// The confidence that the passages shown answer a question: a logistic model over
/// <see cref="ConfidenceFeatures"/>. Its weights are data (<c>confidence-model.json</c>, embedded in
/// this assembly), fitted by <c>eval --fit</c> on the development question sets, never typed in;
/// a file that does not hold exactly the features the search measures is refused.
/// </summary>
public sealed record ConfidenceModel(double Bias, IReadOnlyDictionary<string, double> Weights, IReadOnlyList<string> FittedOn)
{
    public const string FileName = "confidence-model.json";

    private static readonly Lazy<ConfidenceModel> Embedded = new(LoadEmbedded);

    /// <summary>The model shipped with the product.</summary>
    public static ConfidenceModel Default => Embedded.Value;

    /// <summary>In [0, 1]: how likely the passages shown answer the question.</summary>
    public double Predict(ConfidenceFeatures features)
    {
        var values = features.Values();
        var logit = Bias;
        for (var i = 0; i < values.Length; i++)
            logit += Weights[ConfidenceFeatures.Names[i]] * values[i];
        return 1 / (1 + Math.Exp(-logit));
    }

    /// <summary>
    /// Fits the model by logistic regression: Newton's method on the log loss with a little L2 on
    /// the weights (not the bias), the two classes weighed equally so that the few off-topic
    /// questions count as much as the many answerable ones. Deterministic: the same examples give
    /// the same model.
    /// </summary>
    public static ConfidenceModel Fit(IReadOnlyList<(ConfidenceFeatures Features, bool Answers)> examples, IReadOnlyList<string> fittedOn)
    {
        var positives = examples.Count(example => example.Answers);
        var negatives = examples.Count - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException("fitting needs questions the passages answer and questions they do not", nameof(examples));
        // The L2 penalty keeps weights finite when the sets separate cleanly, as small sets can.
        const double L2 = 0.001;
        const int MaxIterations = 100;
        // Each row: the bias's constant 1, then the features.
        var x = examples.Select(example => (double[])[1, .. example.Features.Values()]).ToList();
        var y = examples.Select(example => example.Answers ? 1.0 : 0.0).ToList();
        var sampleWeight = examples.Select(example => example.Answers ? 0.5 / positives : 0.5 / negatives).ToList();
        var size = x[0].Length;
        var w = new double[size];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var gradient = new double[size];
            var hessian = new double[size, size];
            for (var n = 0; n < x.Count; n++)
            {
                var p = 1 / (1 + Math.Exp(-Dot(w, x[n])));
                for (var i = 0; i < size; i++)
                {
                    gradient[i] += sampleWeight[n] * (p - y[n]) * x[n][i];
                    for (var j = 0; j < size; j++)
                        hessian[i, j] += sampleWeight[n] * p * (1 - p) * x[n][i] * x[n][j];
                }
            }
            for (var i = 1; i < size; i++)
            {
                gradient[i] += L2 * w[i];
                hessian[i, i] += L2;
            }
            var step = Solve(hessian, gradient);
            for (var i = 0; i < size; i++)
                w[i] -= step[i];
            if (step.Max(Math.Abs) < 1e-9)
                break;
        }
        var weights = ConfidenceFeatures.Names.Select((name, d) => (name, Math.Round(w[d + 1], 4))).ToDictionary(pair => pair.name, pair => pair.Item2);
        return new ConfidenceModel(Math.Round(w[0], 4), weights, fittedOn);
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (left, right) => left * right).Sum();

    /// <summary>Solves <paramref name="a"/> x = <paramref name="b"/> by Gaussian elimination with
    /// partial pivoting (a small, positive definite system).</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var column = 0; column < n; column++)
        {
            var pivot = Enumerable.Range(column, n - column).MaxBy(row => Math.Abs(m[row, column]));
            for (var k = 0; k < n; k++)
                (m[column, k], m[pivot, k]) = (m[pivot, k], m[column, k]);
            (v[column], v[pivot]) = (v[pivot], v[column]);
            for (var row = column + 1; row < n; row++)
            {
                var factor = m[row, column] / m[column, column];
                for (var k = column; k < n; k++)
                    m[row, k] -= factor * m[column, k];
                v[row] -= factor * v[column];
            }
        }
        var result = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = v[row];
            for (var k = row + 1; k < n; k++)
                sum -= m[row, k] * result[k];
            result[row] = sum / m[row, row];
        }
        return result;
    }

    public string ToJson()
    {
        var weights = new JsonObject();
        foreach (var name in ConfidenceFeatures.Names)
            weights[name] = Weights[name];
        var root = new JsonObject
        {
            ["about"] = "Written by `eval --fit`: the confidence model's weights, fitted on the question sets named below. Refit rather than edit.",
            ["fittedOn"] = new JsonArray(FittedOn.Select(name => (JsonNode?)JsonValue.Create(name)).ToArray()),
            ["bias"] = Bias,
            ["weights"] = weights,
        };
        // Relaxed escaping: the file is read by people and by this class, never put in a page.
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>Reads a model file, checking that it holds a finite bias and exactly one finite
    /// weight for each feature the search measures; <paramref name="name"/> names it in errors.</summary>
    public static ConfidenceModel Parse(string json, string name)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{name}: not valid JSON ({error.Message})", error);
        }
        if (root is not JsonObject model)
            throw new InvalidDataException($"{name}: must be a JSON object with 'bias' and 'weights'");
        foreach (var (key, _) in model)
        {
            if (key is not ("about" or "fittedOn" or "bias" or "weights"))
                throw new InvalidDataException($"{name}: unknown key '{key}' (allowed: about, fittedOn, bias, weights)");
        }
        var bias = Number(model["bias"], name, "bias");
        if (model["weights"] is not JsonObject weightsNode)
            throw new InvalidDataException($"{name}: 'weights' must be an object of feature: weight");
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (feature, value) in weightsNode)
        {
            if (!ConfidenceFeatures.Names.Contains(feature))
                throw new InvalidDataException($"{name}: unknown feature '{feature}' (the search measures {string.Join(", ", ConfidenceFeatures.Names)})");
            weights[feature] = Number(value, name, $"weights.{feature}");
        }
        var missing = ConfidenceFeatures.Names.Where(feature => !weights.ContainsKey(feature)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{name}: no weight for {string.Join(", ", missing)}; refit with 'eval --fit'");
        var fittedOn = model["fittedOn"] is JsonArray sets ? sets.Select(set => set?.GetValue<string>() ?? "").ToList() : [];
        return new ConfidenceModel(bias, weights, fittedOn);
    }

    private static double Number(JsonNode? node, string name, string what)
    {
        if (node is JsonValue value && value.TryGetValue<double>(out var number) && double.IsFinite(number))
            return number;
        throw new InvalidDataException($"{name}: '{what}' must be a finite number");
    }

    private static ConfidenceModel LoadEmbedded()
    {
        using var stream = typeof(ConfidenceModel).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"{FileName} is not embedded in {typeof(ConfidenceModel).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), FileName);
    }
}
