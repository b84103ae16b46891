using System.Globalization;
using System.Text.RegularExpressions;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Core.Flow;

/// <summary>How a typed answer was read against a step's options.</summary>
public abstract record AnswerMatch
{
    private AnswerMatch()
    {
    }

    /// <summary>The answer means this option.</summary>
    public sealed record Matched(FlowOption Option) : AnswerMatch;

    /// <summary>The answer could mean any of these options, so it means none of them plainly.</summary>
    public sealed record Ambiguous(IReadOnlyList<FlowOption> Options) : AnswerMatch;

    /// <summary>The answer names no option.</summary>
    public sealed record NoMatch : AnswerMatch;
}

/// <summary>
/// Reads a typed answer to a step: an option's key, its label or its number, or free text that
/// plainly means one option because it uses that option's words and no other's ("a backend for our
/// mobile app" is an API). Words are stemmed the way the search stems them, so "prototyping" meets
/// "prototype"; a phrase just after a negation ("not a big project") does not count.
/// </summary>
public sealed partial class AnswerMatcher(Stemmer stemmer)
{
    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "no", "don", "dont", "doesn", "doesnt", "never", "without", "isn", "isnt", "aren", "arent", "won", "wont", "nor",
    };

    /// <summary>How many words before a phrase a negation still applies to it.</summary>
    private const int NegationReach = 3;

    public AnswerMatch Match(FlowStep step, string text)
    {
        if (MatchExactly(step, text) is { } exact)
            return new AnswerMatch.Matched(exact);
        return MatchPhrases(step, text);
    }

    /// <summary>The option named by its key, label or number, or null.</summary>
    public static FlowOption? MatchExactly(FlowStep step, string text)
    {
        var number = NumberPattern().Match(text);
        if (number.Success)
        {
            var index = int.Parse(number.Groups[1].Value, CultureInfo.InvariantCulture);
            return index >= 1 && index <= step.Options.Count ? step.Options[index - 1] : null;
        }
        var normalized = Normalize(text);
        if (normalized.Length == 0)
            return null;
        return step.Options.FirstOrDefault(option => Normalize(option.Key) == normalized || Normalize(option.Label) == normalized);
    }

    private AnswerMatch MatchPhrases(FlowStep step, string text)
    {
        var hits = new List<(FlowOption Option, int Clause, int Start, int Length)>();
        // A negation reaches to the end of its clause: "not big, fairly small" is small.
        var clauses = ClauseBreak().Split(text).Take(50).ToList();
        for (var clause = 0; clause < clauses.Count; clause++)
        {
            var words = Tokenizer.Words(clauses[clause], maxWords: 200);
            if (words.Count == 0)
                continue;
            var stems = stemmer.Stem(words);
            // The stemmer keeps one stem per word for the plain words Tokenizer gives it; if it ever
            // did not, positions would not line up with words, and negations are then ignored.
            var aligned = stems.Count == words.Count;
            foreach (var option in step.Options)
            {
                foreach (var phrase in option.Phrases.Append(option.Key))
                {
                    var phraseWords = Tokenizer.Words(phrase);
                    var phraseStems = stemmer.Stem(phraseWords);
                    if (phraseStems.Count == 0)
                        continue;
                    var negatable = !Negations.Contains(phraseWords[0]);
                    for (var start = 0; start + phraseStems.Count <= stems.Count; start++)
                    {
                        if (!stems.Skip(start).Take(phraseStems.Count).SequenceEqual(phraseStems, StringComparer.Ordinal))
                            continue;
                        var reach = Math.Max(0, start - NegationReach);
                        if (negatable && aligned && words.Skip(reach).Take(start - reach).Any(Negations.Contains))
                            continue;
                        hits.Add((option, clause, start, phraseStems.Count));
                    }
                }
            }
        }
        // A phrase inside a longer one belongs to it: "juniors and seniors" is a mixed team, not
        // beginners and experts at once.
        var kept = hits.Where(hit => !hits.Any(other => other.Option != hit.Option && other.Clause == hit.Clause && other.Length > hit.Length
            && other.Start <= hit.Start && other.Start + other.Length >= hit.Start + hit.Length)).ToList();
        var options = step.Options.Where(option => kept.Any(hit => hit.Option == option)).ToList();
        return options.Count switch
        {
            0 => new AnswerMatch.NoMatch(),
            1 => new AnswerMatch.Matched(options[0]),
            _ => new AnswerMatch.Ambiguous(options),
        };
    }

    private static string Normalize(string text) => string.Join(' ', Tokenizer.Words(text));

    [GeneratedRegex(@"^\s*(?:#|no\.?|number|option|choice)?\s*(\d{1,3})\s*[.)]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"[,;.:!?()\n]+|\bbut\b", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseBreak();
}
