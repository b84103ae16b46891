using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Flow;

/// <summary>A recommendation with what it was computed from, for the reply's text.</summary>
public sealed record FlowOutcome(
    Recommendation Recommendation,
    FlowFramework Framework,
    FlowFramework RunnerUp,
    IReadOnlyDictionary<string, double> Totals);

/// <summary>
/// Turns a complete set of answers into a recommendation, deterministically: each answer adds its
/// weights to the frameworks it speaks for, the higher total wins (on equal totals, the earliest
/// question where the answers differ decides, then the order of the frameworks in the data). The
/// reasons are the winner's heaviest evidence, each quoting its passage; what would have changed
/// the answer is found by trying every other answer at one step (then at two).
/// </summary>
public static class Recommender
{
    public const int ReasonCount = 3;
    private const int MaxChanges = 3;

    public static FlowOutcome Recommend(FlowDefinition definition, IReadOnlyDictionary<string, string> answers)
    {
        var chosen = Resolve(definition, answers);
        var (winner, runnerUp, totals) = Decide(definition, chosen);
        var margin = totals[winner.Key] - totals[runnerUp.Key];
        var strength = margin >= definition.Strength.Clear ? RecommendationStrength.Clear
            : margin >= definition.Strength.Leaning ? RecommendationStrength.Leaning
            : RecommendationStrength.CloseCall;

        var evidence = chosen
            .Select((answer, order) => (answer.Step, answer.Option, Order: order, Evidence: answer.Option.Evidence.FirstOrDefault(item => item.Framework == winner.Key)))
            .Where(item => item.Evidence is not null)
            .OrderByDescending(item => item.Evidence!.Weight)
            .ThenBy(item => item.Order)
            .ToList();
        var reasons = new List<RecommendationReason>();
        foreach (var item in evidence.Take(ReasonCount))
            reasons.Add(new RecommendationReason(item.Evidence!.Reason, item.Evidence.Passage, item.Option.Label));
        // Fewer answers than three spoke for the winner: complete with its general strengths,
        // each quoting a passage not already quoted.
        foreach (var general in definition.GeneralReasons.GetValueOrDefault(winner.Key) ?? [])
        {
            if (reasons.Count >= ReasonCount)
                break;
            if (reasons.Any(reason => reason.Passage.Id == general.Passage.Id))
                continue;
            reasons.Add(new RecommendationReason(general.Text, general.Passage));
        }

        var recommendation = new Recommendation(winner.Key, winner.Label, strength, Headline(strength, winner.Label), reasons, WhatWouldChange(definition, chosen, winner))
        {
            Answers = chosen.Select(answer => new FlowAnswerSummary(answer.Step.Question, answer.Option.Label)).ToList(),
        };
        return new FlowOutcome(recommendation, winner, runnerUp, totals);
    }

    /// <summary>The recommendation in one sentence, as every channel states it.</summary>
    public static string Headline(RecommendationStrength strength, string framework) => strength switch
    {
        RecommendationStrength.Clear => $"Recommendation: {framework}. It is the clear choice for this project.",
        RecommendationStrength.Leaning => $"Recommendation: leaning {framework}. Most of your answers point to it, but not all.",
        _ => $"Recommendation: {framework}, but it is a close call. Your answers point both ways.",
    };

    private static List<(FlowStep Step, FlowOption Option)> Resolve(FlowDefinition definition, IReadOnlyDictionary<string, string> answers)
    {
        var chosen = new List<(FlowStep, FlowOption)>();
        foreach (var step in definition.Steps)
        {
            var option = answers.TryGetValue(step.Key, out var key) ? step.FindOption(key) : null;
            chosen.Add((step, option ?? throw new ArgumentException($"step '{step.Key}' has no valid answer", nameof(answers))));
        }
        return chosen;
    }

    private static (FlowFramework Winner, FlowFramework RunnerUp, Dictionary<string, double> Totals) Decide(
        FlowDefinition definition, IReadOnlyList<(FlowStep Step, FlowOption Option)> chosen)
    {
        double WeightOf(FlowOption option, string framework) => option.Evidence.Where(item => item.Framework == framework).Sum(item => item.Weight);
        var totals = definition.Frameworks.ToDictionary(framework => framework.Key, framework => chosen.Sum(answer => WeightOf(answer.Option, framework.Key)), StringComparer.Ordinal);
        var order = definition.Frameworks.Select((framework, index) => (framework, index)).ToDictionary(pair => pair.framework.Key, pair => pair.index);
        int Compare(FlowFramework a, FlowFramework b)
        {
            var byTotal = totals[b.Key].CompareTo(totals[a.Key]);
            if (byTotal != 0)
                return byTotal;
            foreach (var (_, option) in chosen)
            {
                var byStep = WeightOf(option, b.Key).CompareTo(WeightOf(option, a.Key));
                if (byStep != 0)
                    return byStep;
            }
            return order[a.Key].CompareTo(order[b.Key]);
        }
        var ranked = definition.Frameworks.ToList();
        ranked.Sort(Compare);
        return (ranked[0], ranked[1], totals);
    }

    private static IReadOnlyList<string> WhatWouldChange(FlowDefinition definition, List<(FlowStep Step, FlowOption Option)> chosen, FlowFramework winner)
    {
        string Describe(FlowStep step, FlowOption option) => $"\"{option.Label}\" to \"{step.Question}\"";

        // One different answer: the most decisive alternative at each step, strongest first.
        var single = new List<(int Step, FlowOption Option, FlowFramework Result, double Margin)>();
        for (var i = 0; i < chosen.Count; i++)
        {
            (int, FlowOption, FlowFramework, double)? best = null;
            foreach (var option in chosen[i].Step.Options.Where(option => option != chosen[i].Option))
            {
                var changed = chosen.ToList();
                changed[i] = (chosen[i].Step, option);
                var (result, runnerUp, totals) = Decide(definition, changed);
                var margin = totals[result.Key] - totals[runnerUp.Key];
                if (result.Key != winner.Key && (best is null || margin > best.Value.Item4))
                    best = (i, option, result, margin);
            }
            if (best is not null)
                single.Add(best.Value);
        }
        if (single.Count > 0)
        {
            return single.OrderByDescending(change => change.Margin).ThenBy(change => change.Step).Take(MaxChanges)
                .Select(change => $"Answering {Describe(chosen[change.Step].Step, change.Option)} would have tipped it to {change.Result.Label}.")
                .ToList();
        }

        // No single answer would: look for two.
        var pairs = new List<(int First, FlowOption FirstOption, int Second, FlowOption SecondOption, FlowFramework Result, double Margin)>();
        for (var i = 0; i < chosen.Count; i++)
        {
            for (var j = i + 1; j < chosen.Count; j++)
            {
                foreach (var first in chosen[i].Step.Options.Where(option => option != chosen[i].Option))
                {
                    foreach (var second in chosen[j].Step.Options.Where(option => option != chosen[j].Option))
                    {
                        var changed = chosen.ToList();
                        changed[i] = (chosen[i].Step, first);
                        changed[j] = (chosen[j].Step, second);
                        var (result, runnerUp, totals) = Decide(definition, changed);
                        if (result.Key != winner.Key)
                            pairs.Add((i, first, j, second, result, totals[result.Key] - totals[runnerUp.Key]));
                    }
                }
            }
        }
        if (pairs.Count > 0)
        {
            var best = pairs.OrderByDescending(pair => pair.Margin).ThenBy(pair => pair.First).ThenBy(pair => pair.Second).First();
            return
            [
                "No single different answer would have changed it.",
                $"It would have taken two: answering {Describe(chosen[best.First].Step, best.FirstOption)} and {Describe(chosen[best.Second].Step, best.SecondOption)} would have tipped it to {best.Result.Label}.",
            ];
        }
        return [$"No one or two different answers would have changed it: {winner.Label} fits this project from every side you described."];
    }
}
