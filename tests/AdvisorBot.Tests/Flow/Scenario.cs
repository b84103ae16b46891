using System.Text.Json;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Flow;

/// <summary>
/// One case of <c>choose-framework-scenarios.jsonl</c>: the option key given at each step and the
/// framework the articles' own guidance leads to ("any" where they point both ways), optionally
/// with how clear-cut it should be.
/// </summary>
public sealed record Scenario(IReadOnlyDictionary<string, string> Answers, string Expect, string? Strength)
{
    public static readonly string[] StepOrder = ["building", "size", "team", "batteries", "timeline", "priority"];

    public static string File => Path.Combine(RepositoryPaths.Root, "tests", "AdvisorBot.Tests", "Flow", "choose-framework-scenarios.jsonl");

    public static IReadOnlyList<Scenario> All { get; } = Read();

    public IEnumerable<string> AnswerKeys => StepOrder.Select(step => Answers[step]);

    public override string ToString() => $"{string.Join("/", AnswerKeys)} -> {Expect}";

    private static List<Scenario> Read()
    {
        var scenarios = new List<Scenario>();
        foreach (var line in System.IO.File.ReadLines(File).Where(line => line.Trim().Length > 0))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            scenarios.Add(new Scenario(
                root.GetProperty("answers").EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetString()!),
                root.GetProperty("expect").GetString()!,
                root.TryGetProperty("strength", out var strength) ? strength.GetString() : null));
        }
        return scenarios;
    }
}
