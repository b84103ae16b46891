using System.Globalization;
using System.Text.RegularExpressions;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Core.Search;

namespace AdvisorBot.Core.Flow;

/// <summary>How a typed message was read during a step.</summary>
public abstract record AnswerMatch
{
    private AnswerMatch()
    {
    }

    /// <summary>The answer means this option; <paramref name="Unsure"/> when it came with a hedge
    /// or a question mark ("maybe medium?").</summary>
    public sealed record Matched(FlowOption Option, bool Unsure = false) : AnswerMatch;

    /// <summary>The answer could mean any of these options, so it means none of them plainly.</summary>
    public sealed record Ambiguous(IReadOnlyList<FlowOption> Options) : AnswerMatch;

    /// <summary>The answer names no option.</summary>
    public sealed record NoMatch : AnswerMatch;

    /// <summary>The message asks something of the articles rather than answering the step.</summary>
    public sealed record Question : AnswerMatch;

    /// <summary>The answer says the person cannot tell yet ("idk, depends who we hire?", "not
    /// sure, what's the difference?") and names no option: what the step means helps more than
    /// an answer from the articles.</summary>
    public sealed record Undecided : AnswerMatch;

    /// <summary>The message asks what one of the step's options means ("how big is medium?",
    /// "what counts as a prototype"): the step's help answers it.</summary>
    public sealed record OptionAsked : AnswerMatch;
}

/// <summary>
/// Reads a typed answer to a step: an option's key, its label or its number, or free text that
/// plainly means one option because it uses that option's words and no other's ("a backend for our
/// mobile app" is an API). Words are compared whole, after case folding: a phrase matches the same
/// words in the same order, and a phrase's word also matches its plural ("shop" meets "shops") but
/// nothing else, so "new" never meets "news"; a long word with one slip ("expereinced") is the
/// word meant. A phrase the clause denies ("not a big project", "the deadline isn't tight", "we
/// don't want to be locked in to one way") does not count. Hedges ("maybe", "probably", "I
/// think", a question mark) say the person is unsure, not that they ask something: "maybe
/// medium?" is Medium.
/// </summary>
public static partial class AnswerMatcher
{
    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "no", "don", "dont", "doesn", "doesnt", "never", "without", "isn", "isnt", "aren", "arent", "won", "wont", "nor",
    };

    /// <summary>How many words before a phrase a negation still applies to it.</summary>
    private const int NegationReach = 3;

    // A negated "is" after a phrase denies it: "the deadline isn't tight", "size is not big".
    private static readonly HashSet<string> NegatedCopulas = new(StringComparer.Ordinal) { "isn", "isnt", "aren", "arent", "wasn", "wasnt" };
    private static readonly HashSet<string> Copulas = new(StringComparer.Ordinal) { "is", "are", "was", "were", "s", "re" };

    // "don't want", "don't need" and "not a fan of" deny what they are followed by, however far on
    // in the clause: "we don't want to be locked in to one way of doing things".
    private static readonly HashSet<string> NegatedWishes = new(StringComparer.Ordinal) { "want", "need", "like", "fan" };

    // Words of dislike deny what follows them in the clause: "i hate when a framework decides the
    // structure for me", "we avoid anything heavyweight".
    private static readonly HashSet<string> Aversions = new(StringComparer.Ordinal) { "hate", "hates", "dislike", "dislikes", "avoid", "against" };

    /// <summary>A word this long or longer, one slip (a letter left out, added or swapped) from a
    /// phrase's word of this length, is taken for it ("expereinced", "flexibilty"); shorter words
    /// are too often another word one letter away ("leaning" is not "learning").</summary>
    private const int MinSlipLength = 8;

    /// <summary>A word this long that is no English word (see <see cref="EnglishWords"/>), one slip
    /// from a phrase's word, is taken for it ("blgo" for "blog").</summary>
    private const int MinShortSlipLength = 4;

    /// <summary>What is left of a word hedged with "-ish" is at least this long ("mediumish").</summary>
    private const int MinHedgedLength = 4;

    /// <summary>
    /// Reads a message typed during a step. A key, label or number is an answer even with a hedge or
    /// a question mark. A message that opens by saying the person can't tell ("idk", "not sure",
    /// "depends") and names no option is undecided, unless it names a framework ("not sure, is
    /// flask ok for apis?" asks the articles). A message that opens like a question ("Does Flask
    /// have an ORM?", "which is faster for APIs"), or that has a question mark and either names none
    /// of the step's options or names one of the frameworks ("Django or Flask for a beginner?"),
    /// asks something. Anything else is matched against the options.
    /// </summary>
    public static AnswerMatch Read(FlowDefinition definition, FlowStep step, string text)
    {
        var hedged = WithoutHedges(text);
        var unsure = text.Contains('?') || HedgePattern().IsMatch(text);
        if ((MatchExactly(step, text) ?? MatchExactly(step, hedged)) is { } exact)
            return new AnswerMatch.Matched(exact, unsure);
        if (AsksWhatAnOptionMeans(step, text))
            return new AnswerMatch.OptionAsked();
        var match = Match(step, text);
        if (FlowCommands.OpensLikeQuestion(hedged))
        {
            // "would a model serving page count?" asks whether the answer fits: it is the answer,
            // or, where it could fit two, a choice to ask about.
            if (AsksWhetherItFits().IsMatch(text) && !NamesAFramework(definition, text))
            {
                if (match is AnswerMatch.Matched fits)
                    return fits with { Unsure = true };
                if (match is AnswerMatch.Ambiguous)
                    return match;
            }
            return new AnswerMatch.Question();
        }
        // An answer that opens by not knowing is undecided when it names no option, or names one
        // only in what it depends on (after "if"): "no idea, depends if it blows up".
        if (UndecidedOpening().IsMatch(text) && !NamesAFramework(definition, text)
            && (match is AnswerMatch.NoMatch || Match(step, Condition().Replace(text, " ")) is AnswerMatch.NoMatch))
            return new AnswerMatch.Undecided();
        // A guess that names no option ("a booking system i guess?") is an answer to clarify, not
        // a question for the articles.
        var asks = text.Contains('?') && Tokenizer.Words(text).Count >= 2
            && ((match is AnswerMatch.NoMatch && !HedgePattern().IsMatch(text)) || NamesAFramework(definition, text));
        if (asks)
            return new AnswerMatch.Question();
        return match is AnswerMatch.Matched matched ? matched with { Unsure = unsure } : match;
    }

    /// <summary>Whether the text asks what a word of one of the step's options means: "how big is
    /// medium?", "what counts as a prototype".</summary>
    private static bool AsksWhatAnOptionMeans(FlowStep step, string text)
    {
        if (OptionWordAsked().Match(text) is not { Success: true } asked)
            return false;
        var word = asked.Groups["word"].Value.ToLowerInvariant();
        return !StopWords.Contains(word) && step.Options.Any(option => Tokenizer.Words(option.Label).Contains(word));
    }

    /// <summary>The option the text means, if it plainly means one: by key, label or number, else
    /// by its phrases, read without hedges first and then as typed (for an option whose own words
    /// are a hedge, such as "maybe" for "Not sure").</summary>
    public static AnswerMatch Match(FlowStep step, string text)
    {
        if (MatchExactly(step, text) is { } exact)
            return new AnswerMatch.Matched(exact);
        var hedged = WithoutHedges(text);
        if (hedged != text && MatchExactly(step, hedged) is { } exactWithoutHedges)
            return new AnswerMatch.Matched(exactWithoutHedges);
        var match = MatchPhrases(step, hedged);
        return match is AnswerMatch.NoMatch && hedged != text ? MatchPhrases(step, text) : match;
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

    /// <summary>The text without its hedges and question marks ("maybe medium?" is "medium"), or
    /// the text itself when nothing else is left ("maybe?").</summary>
    public static string WithoutHedges(string text)
    {
        var stripped = HedgePattern().Replace(text, " ").Replace('?', ' ').Trim().Trim(',', '.', ';', ':', '!', ' ');
        return Tokenizer.Words(stripped).Count == 0 ? text : stripped;
    }

    private static bool NamesAFramework(FlowDefinition definition, string text)
    {
        var words = Tokenizer.Words(text, maxWords: 200);
        return definition.Frameworks.Any(framework => Occurs(words, Tokenizer.Words(framework.Label)) || Occurs(words, Tokenizer.Words(framework.Key)));
    }

    private static bool Occurs(List<string> words, List<string> phrase) =>
        phrase.Count > 0 && Enumerable.Range(0, Math.Max(0, words.Count - phrase.Count + 1)).Any(start => MatchesAt(words, start, phrase));

    private static AnswerMatch MatchPhrases(FlowStep step, string text)
    {
        // "control > conventions" reads as "control over conventions" (see PassedOverFrom).
        text = PreferredSign().Replace(text, " over ");
        var hits = new List<FoundPhrase>();
        var denied = new HashSet<FlowOption>();
        var deniedNear = new HashSet<FlowOption>();
        // A negation reaches to the end of its clause: "not big, fairly small" is small.
        var clauses = ClauseBreak().Split(text).Take(50).ToList();
        // Where each clause starts what a preference puts second, read from the same words.
        var passedOverFrom = new int?[clauses.Count];
        for (var clause = 0; clause < clauses.Count; clause++)
        {
            var words = WordsOf(clauses[clause], maxWords: 200);
            passedOverFrom[clause] = PassedOverFrom(words);
            if (words.Count == 0)
                continue;
            // "no" opening a phrase of its own ("no opinion") but going on into another option's
            // phrase ("no opinions forced on me") denies that one instead.
            var found = PhrasesIn(step, clause, words);
            found = found.Where(phrase => !(phrase.OpensWithNegation && words[phrase.Start] == "no"
                && found.Any(other => other.Option != phrase.Option && other.Start == phrase.End))).ToList();
            foreach (var phrase in found)
            {
                var denial = phrase.OpensWithNegation ? Denial.None : DenialOf(words, phrase, found);
                if (denial != Denial.None)
                {
                    denied.Add(phrase.Option);
                    if (denial == Denial.Near)
                        deniedNear.Add(phrase.Option);
                    continue;
                }
                hits.Add(phrase);
            }
        }
        // A phrase inside a longer one belongs to it: "juniors and seniors" is a mixed team, not
        // beginners and experts at once.
        // A phrase that is itself a denial ("not very big" for small) says less than a plain
        // denial of its option: "not that big, not that small" is neither.
        var kept = hits.Where(hit => !(hit.OpensWithNegation && denied.Contains(hit.Option)) && !hits.Any(other => other.Option != hit.Option && other.Clause == hit.Clause && other.Length > hit.Length
            && other.Start <= hit.Start && other.End >= hit.End)).ToList();
        // What a preference puts second is passed over, not chosen: "rather have guardrails than
        // freedom", "freedom over structure", "control > conventions". Like a denial from afar,
        // it keeps its option from being chosen and chooses no other.
        foreach (var passedOver in kept.Where(hit => passedOverFrom[hit.Clause] is { } second
                && hit.Start >= second && kept.Any(first => first.Clause == hit.Clause && first.Option != hit.Option && first.End <= second)).ToList())
        {
            kept.Remove(passedOver);
            denied.Add(passedOver.Option);
        }
        // What holds only at the start gives way to what a later clause says: "probably small at
        // first but the plan is lots of traffic within a year" is large (the steps ask what the
        // project will be, not how it opens).
        foreach (var early in kept.Where(hit => ForNow().IsMatch(clauses[hit.Clause])
                && kept.Any(later => later.Clause > hit.Clause && later.Option != hit.Option)).ToList())
        {
            kept.Remove(early);
            denied.Add(early.Option);
        }
        var options = step.Options.Where(option => kept.Any(hit => hit.Option == option)).ToList();
        // An option named once and plainly denied elsewhere gives way to one named and never
        // denied: "i want to structure things my own way, hate being boxed in" is flexibility.
        if (options.Count >= 2 && options.Count(option => !deniedNear.Contains(option)) == 1)
            options = options.Where(option => !deniedNear.Contains(option)).ToList();
        // A count is read when no phrase names an option: "10k users a day at launch, millions
        // later" is what "millions" says, the size it will grow to. When phrases name several, a
        // count that holds one of them settles it: "moderate, a handful of models and maybe 20
        // views" is medium.
        if (options.Count != 1)
        {
            var counted = CountedOptions(step, text).ToHashSet();
            if (options.Count == 0)
                options = step.Options.Where(counted.Contains).ToList();
            else if (options.Count(counted.Contains) == 1)
                options = options.Where(counted.Contains).ToList();
        }
        // Denying every option but one is choosing that one: "the deadline isn't tight" (of two),
        // "not huge, not tiny either" (of small, medium and large). Where two options or more
        // carry evidence, one without any ("Not sure", "No preference") takes no side and is not
        // one of those left: "we don't need rules everywhere" is flexibility. Only a near denial
        // chooses so (see DenialOf).
        var sides = step.Options.Where(option => option.Evidence.Count > 0).ToList();
        if (sides.Count < 2)
            sides = step.Options.ToList();
        if (options.Count == 0 && denied.Count > 0 && sides.Count(option => !denied.Contains(option)) == 1
            && sides.Where(denied.Contains).All(deniedNear.Contains))
            return new AnswerMatch.Matched(sides.Single(option => !denied.Contains(option)));
        // Naming the two options another stands for (its "both") is that one: "2 juniors and 1
        // senior", "our lead is senior, the rest are juniors" are a mixed team; so is naming it
        // beside one of its two ("some juniors, some veterans").
        if (options.Count >= 2 && step.Options.FirstOrDefault(option => option.Both.Count > 0
                && (options.Contains(option) || option.Both.All(other => options.Any(named => named.Key == other)))
                && options.All(named => named == option || option.Both.Contains(named.Key))) is { } both)
            return new AnswerMatch.Matched(both);
        return options.Count switch
        {
            0 => new AnswerMatch.NoMatch(),
            1 => new AnswerMatch.Matched(options[0]),
            _ => new AnswerMatch.Ambiguous(options),
        };
    }

    /// <summary>The options whose counts hold a number the text gives of what they count: "maybe 5
    /// endpoints", "10k users a day", "around 20-30 endpoints" (both ends; two options if the range
    /// spans them, which then asks which was meant). Read over the whole text, since "10,000"
    /// holds a comma.</summary>
    private static IEnumerable<FlowOption> CountedOptions(FlowStep step, string text)
    {
        if (step.Options.All(option => option.Counts.Count == 0))
            yield break;
        var previouslyCounted = new List<string>();
        foreach (var count in CountPattern().Matches(WithCountsInDigits(text)).Take(MaxCountsRead))
        {
            var low = CountValue(count.Groups["low"].Value, count.Groups["lowScale"].Value);
            var high = count.Groups["high"].Success ? CountValue(count.Groups["high"].Value, count.Groups["highScale"].Value) : low;
            // What is counted comes next, perhaps after one word ("10k daily users"); a count that
            // ends its clause counts what the one before it did ("could be 10 users, could be 100k").
            var after = count.Groups["after"].Value;
            var counted = ClauseBreak().Split(after)[0].Trim().Length == 0 ? previouslyCounted : Tokenizer.Words(after, maxWords: 2);
            previouslyCounted = counted;
            foreach (var option in step.Options)
            {
                if (option.Counts.Any(range => counted.Any(word => SameWord(word, range.Unit) || SameWord(range.Unit, word)) && (range.Holds(low) || range.Holds(high))))
                    yield return option;
            }
        }
    }

    private const int MaxCountsRead = 10;

    /// <summary>
    /// Counts spelt in words written in digits, so that they are read like typed ones: "a couple
    /// dozen screens" is 24 screens, "twenty endpoints" 20, "hundreds of pages" 200, "a few
    /// thousand users" 3 thousand. Chat says a rough size this way more often than in digits.
    /// </summary>
    internal static string WithCountsInDigits(string text) =>
        SpeltCount().Replace(SpeltNumber().Replace(text, number => SpeltNumberValue(number).ToString(CultureInfo.InvariantCulture)), count =>
        {
            var times = count.Groups["times"].Value.ToLowerInvariant() switch
            {
                "" => count.Groups["plural"].Success ? 2 : 1, // "dozens of pages", "hundreds of users": a few at the least
                var word when word.Contains("couple", StringComparison.Ordinal) => 2,
                var word when word.Contains("few", StringComparison.Ordinal) => 3,
                "several" => 4,
                var word when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
                _ => 1, // "a", "one"
            };
            var unit = count.Groups["unit"].Value.ToLowerInvariant() switch { "dozen" => 12, "hundred" => 100, "thousand" => 1_000, _ => 1_000_000 };
            return (times * unit).ToString(CultureInfo.InvariantCulture);
        });

    private static readonly string[] Ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static int SpeltNumberValue(Match number)
    {
        var tens = Array.IndexOf(Tens, number.Groups["tens"].Value.ToLowerInvariant());
        var ones = Array.IndexOf(Ones, number.Groups["ones"].Value.ToLowerInvariant());
        return Math.Max(0, tens) * 10 + Math.Max(0, ones);
    }

    private static double CountValue(string digits, string scale) =>
        double.Parse(digits.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture)
        * scale.ToLowerInvariant() switch { "k" or "thousand" => 1_000, "m" or "million" => 1_000_000, _ => 1 };

    [GeneratedRegex(@"(?<![\w.,])(?<low>\d{1,3}(?:,\d{3})+|\d{1,9}(?:\.\d{1,3})?)\s*(?<lowScale>k|m|thousand|million)?\b(?:\s*(?:-|–|to)\s*(?<high>\d{1,3}(?:,\d{3})+|\d{1,9}(?:\.\d{1,3})?)\s*(?<highScale>k|m|thousand|million)?\b)?(?<after>[^\d]{0,40})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();

    // "twenty", "thirty-five", "twelve": a number from one to ninety-nine in words.
    [GeneratedRegex(@"\b(?:(?<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?<ones>one|two|three|four|five|six|seven|eight|nine))?|(?<ones>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpeltNumber();

    // "a dozen", "a couple (of) dozen", "a few hundred", "3 thousand", "dozens of", "hundreds of":
    // a count by dozens, hundreds, thousands or millions (after SpeltNumber wrote its number in digits).
    // Not the end of a number CountPattern reads whole ("10.5 thousand", "1,500 thousand").
    [GeneratedRegex(@"(?<![\d.,]\s*)\b(?:(?<times>a\s+couple(?:\s+of)?|couple(?:\s+of)?|a\s+few|few|several|an?|\d{1,3})\s+)?(?<unit>dozen|hundred|thousand|million)(?<plural>s)?(?:\s+of)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpeltCount();

    /// <summary>The words of <paramref name="text"/>, a negation's "n't" read as one word: "aren't"
    /// is "aren", not "aren" and "t", so that "we aren't in a hurry" has its negation as near the
    /// phrase as "we are not in a hurry" does.</summary>
    private static List<string> WordsOf(string text, int maxWords = int.MaxValue)
    {
        var words = Tokenizer.Words(text, maxWords);
        return words.Where((word, i) => !(word == "t" && i > 0 && Negations.Contains(words[i - 1]))).ToList();
    }

    /// <summary>Where in a clause's words each option's phrases (and its key) occur.</summary>
    private static List<FoundPhrase> PhrasesIn(FlowStep step, int clause, List<string> words)
    {
        var found = new List<FoundPhrase>();
        foreach (var option in step.Options)
        {
            foreach (var phrase in option.Phrases.Append(option.Key))
            {
                var phraseWords = WordsOf(phrase);
                if (phraseWords.Count == 0)
                    continue;
                for (var start = 0; start + phraseWords.Count <= words.Count; start++)
                {
                    if (MatchedLength(words, start, phraseWords) is > 0 and var length && !DescribesAnotherThing(step, words, start + length))
                        found.Add(new FoundPhrase(option, clause, start, start + length, Negations.Contains(phraseWords[0])));
                }
            }
        }
        return found;
    }

    /// <summary>Whether the word right after a phrase (at <paramref name="end"/>) is one the step
    /// does not ask about (<see cref="FlowStep.NotBefore"/>): "small" in "a small team" says who
    /// builds it, not how big it gets.</summary>
    private static bool DescribesAnotherThing(FlowStep step, List<string> words, int end) =>
        end < words.Count && step.NotBefore.Any(word => SameWord(words[end], word));

    /// <summary>An option's phrase at words[Start..End] of a clause; one that opens with a negation
    /// ("not sure", "don't really care") means its option by itself.</summary>
    private sealed record FoundPhrase(FlowOption Option, int Clause, int Start, int End, bool OpensWithNegation)
    {
        public int Length => End - Start;
    }

    /// <summary>Whether and how the clause denies <paramref name="phrase"/>: near, by a negation, a
    /// comparison's "than", a word of dislike or a negated wish ("not a fan of", "don't need") just before it, or a negated
    /// "is" just after it; far, by "don't want" or a word of dislike further back. A far denial may
    /// be of another word between them ("we don't want to be locked in to one way of doing
    /// things"), so it keeps its option from being chosen but does not choose another. A denial is
    /// spent on the first phrase of another option it meets ("dont want to assemble everything
    /// myself" denies assembling, not everything), and a negation that opens a phrase of its own is
    /// spent on that phrase ("don't really care either way").</summary>
    private static Denial DenialOf(List<string> words, FoundPhrase phrase, List<FoundPhrase> found)
    {
        var (start, end) = (phrase.Start, phrase.End);
        bool Spent(int i) => found.Any(other => other.OpensWithNegation && other.Start <= i && i < other.End && other.End <= start);
        var reach = Math.Max(0, start - NegationReach);
        var after = words.Skip(end).Take(NegationReach).ToList();
        if (Enumerable.Range(reach, start - reach).Any(i => !Spent(i) && (Negations.Contains(words[i]) || NothingOf(words, i) || Aversions.Contains(words[i]) || ComparedAgainst(words, i)))
            || after.Any(NegatedCopulas.Contains)
            || Enumerable.Range(0, Math.Max(0, after.Count - 1)).Any(i => Copulas.Contains(after[i]) && after[i + 1] == "not"))
            return Denial.Near;
        for (var i = 0; i < start; i++)
        {
            var wish = Negations.Contains(words[i]) ? words.FindIndex(i + 1, Math.Min(2, words.Count - i - 1), NegatedWishes.Contains) : -1;
            var denies = !Spent(i) && (Aversions.Contains(words[i]) || wish >= 0);
            if (denies && !found.Any(other => other.Option != phrase.Option && other.Start > i && other.End <= start))
                // "not a fan of being told how to lay out my project" denies as plainly as a "not".
                return wish >= 0 && start - wish <= NegationReach ? Denial.Near : Denial.Far;
        }
        return Denial.None;
    }

    /// <summary>Whether words[i] says there is none of what follows: "nothing big", "none of that
    /// enterprise stuff", "none of us are newbies"; not "nothing but APIs" or "nothing except a blog", which say it is only
    /// that. ("none" alone is an answer of its own: no preference.)</summary>
    private static bool NothingOf(List<string> words, int i) =>
        (i + 1 < words.Count
            && ((words[i] == "nothing" && words[i + 1] is not ("but" or "except" or "other" or "besides")) || (words[i] == "none" && words[i + 1] == "of")))
        // "none of us are newbies": what none of the people are.
        || (i >= 2 && words[i - 2] == "none" && words[i - 1] == "of" && words[i] is "us" or "them" or "you" or "those");

    /// <summary>Whether words[i] is the "than" of a comparison ("bigger than a side project",
    /// "smaller than facebook", "anything other than a blog"): what follows is what the answer is
    /// not. After "rather" or "prefer" it is a preference instead (see <see cref="PassedOverFrom"/>).</summary>
    private static bool ComparedAgainst(List<string> words, int i) =>
        words[i] == "than" && !words.Take(i).Any(Preferring.Contains);

    private static readonly HashSet<string> Preferring = new(StringComparer.Ordinal) { "rather", "prefer", "prefers", "preferably", "sooner" };

    private enum Denial { None, Near, Far }

    /// <summary>Where a clause's words start what a preference puts second, or null: after "than" once
    /// "rather" or "prefer" came before it ("i'd rather have X than Y"), after "over" or "to" once
    /// "prefer" did ("prefer X to Y"), after "over" alone ("X over Y", and "X > Y": see <see cref="PreferredSign"/>).
    /// Failing those, after a clause's one "for": what an answer is comes before it, what it serves
    /// after ("just the backend api for our shop's app" is an API, "an mvp for a marketplace idea" a
    /// prototype).</summary>
    private static int? PassedOverFrom(List<string> words)
    {
        var preferring = false;
        int? afterFor = null;
        var fors = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (Preferring.Contains(words[i]))
                preferring = true;
            else if ((words[i] == "than" && preferring) || words[i] == "over" || (words[i] == "to" && preferring && words[i - 1] != "prefer"))
                return i + 1;
            else if (words[i] == "for" && i > 0 && !IsDuration(words, i + 1) && ++fors == 1)
                afterFor = i + 1;
        }
        // Two of them are two answers side by side ("seniors for the backend and juniors for the app").
        return fors == 1 ? afterFor : null;
    }

    /// <summary>Whether the words from <paramref name="start"/> say how long ("for years", "for a
    /// long while", "for 10 yrs"): such a "for" is no purpose, and what follows it is no less
    /// the answer ("a lead who's done this for years plus a couple interns" is a mixed team).</summary>
    private static bool IsDuration(List<string> words, int start)
    {
        var at = start;
        while (at < words.Count && (DurationLeadIns.Contains(words[at]) || words[at].All(char.IsDigit)))
            at++;
        return at < words.Count && Durations.Contains(words[at]);
    }

    private static readonly HashSet<string> DurationLeadIns = new(StringComparer.Ordinal) { "a", "an", "many", "several", "some", "few", "couple", "of", "like", "about", "over", "long", "good", "the", "last", "past" };
    private static readonly HashSet<string> Durations = new(StringComparer.Ordinal)
        { "years", "yrs", "year", "yr", "ages", "while", "decade", "decades", "months", "month", "weeks", "week", "time", "now", "ever", "moment", "term" };

    [GeneratedRegex(@">+")]
    private static partial Regex PreferredSign();

    private static bool MatchesAt(List<string> words, int start, List<string> phrase)
    {
        for (var i = 0; i < phrase.Count; i++)
        {
            if (!SameWord(words[start + i], phrase[i]))
                return false;
        }
        return true;
    }

    /// <summary>How many of the words from <paramref name="start"/> the phrase takes, or 0 where it
    /// is not there: its words in order, with a word that only stresses allowed between two of them
    /// ("haven't really thought about it", "not actually sure") where the phrase has none.</summary>
    private static int MatchedLength(List<string> words, int start, List<string> phrase)
    {
        var at = start;
        for (var i = 0; i < phrase.Count; i++)
        {
            if (i > 0 && at < words.Count && Stresses.Contains(words[at]) && !SameWord(words[at], phrase[i]))
                at++;
            if (at >= words.Count || !SameWord(words[at], phrase[i]))
                return 0;
            at++;
        }
        return at - start;
    }

    // Words that only stress what they stand in: "really", "actually", "honestly", "truly".
    private static readonly HashSet<string> Stresses = new(StringComparer.Ordinal) { "really", "actually", "honestly", "truly", "even", "totally", "entirely" };

    /// <summary>The same word, a slip of a long one, a stretched or "-ish" one ("smalll",
    /// "mediumish"), or the phrase word's regular plural ("shops", "boxes"). Only this one
    /// inflection: a stemmer also folds words of different meaning together ("news" and "new").</summary>
    private static bool SameWord(string word, string phraseWord)
    {
        if (word == phraseWord)
            return true;
        if (word.Length >= MinSlipLength && phraseWord.Length >= MinSlipLength && Typos.IsSlip(phraseWord, word))
            return true;
        // A shorter slip is taken when what was typed is no word at all ("blgo", "smal"): "leaning"
        // is a word, so it stays itself and is not "learning". A letter added at the end makes
        // another word rather than a slip ("newsy" is not "news").
        if (word.Length >= MinShortSlipLength && phraseWord.Length >= MinShortSlipLength && Typos.IsSlip(phraseWord, word)
            && !word.StartsWith(phraseWord, StringComparison.Ordinal) && !EnglishWords.Contains(word))
            return true;
        // Chat stretches a word ("smalll", "hugeee") or hedges it ("mediumish", "smallish").
        if (HasStretchedLetter(word) && Typos.WithoutDoubledLetters(word) == Typos.WithoutDoubledLetters(phraseWord))
            return true;
        if (word.EndsWith("ish", StringComparison.Ordinal) && word.Length - 3 >= MinHedgedLength && word[..^3] == phraseWord)
            return true;
        if (word.Length == phraseWord.Length + 1)
            return word[^1] == 's' && word.StartsWith(phraseWord, StringComparison.Ordinal);
        return word.Length == phraseWord.Length + 2 && word.EndsWith("es", StringComparison.Ordinal) && word.StartsWith(phraseWord, StringComparison.Ordinal)
            && (phraseWord.EndsWith('s') || phraseWord.EndsWith('x') || phraseWord.EndsWith('z') || phraseWord.EndsWith("ch", StringComparison.Ordinal) || phraseWord.EndsWith("sh", StringComparison.Ordinal));
    }

    private static bool HasStretchedLetter(string word) =>
        Enumerable.Range(2, Math.Max(0, word.Length - 2)).Any(i => word[i] == word[i - 1] && word[i] == word[i - 2]);

    private static string Normalize(string text) => string.Join(' ', Tokenizer.Words(text));

    [GeneratedRegex(@"^\s*(?:#|no\.?|number|option|choice)?\s*(\d{1,3})\s*[.)]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"[,;.:!?()\n]+|\bbut\b", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseBreak();

    // "started small but ...", "we'll start out tiny", "to start with": how it opens, too.
    [GeneratedRegex(@"\b(?:start(?:s|ed|ing)?(?:\s+(?:out|off))?|at\s+first|initially|for\s+now|for\s+the\s+moment|to\s+begin\s+with|in\s+the\s+beginning|early\s+on|for\s+starters|at\s+launch)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ForNow();

    // A condition to the end of its clause: "if it blows up", "whether the pilot works".
    [GeneratedRegex(@"\b(?:if|whether|unless)\b[^,;.!?]*", RegexOptions.IgnoreCase)]
    private static partial Regex Condition();

    // "idk", "not sure", "it depends" and the like, opening the message (after a "hmm" or "honestly").
    [GeneratedRegex(@"^\W*(?:(?:hmm+|well|honestly|tbh|ngl|so)\W+)*(?:idk|dunno|i\s+(?:do\s*n['’]?o?t|dont)\s+know|not\s+(?:sure|certain)|no\s+(?:idea|clue)|unsure|hard\s+to\s+say|(?:it\s+)?depends|can['’]?t\s+(?:say|tell)|who\s+knows)\b", RegexOptions.IgnoreCase)]
    private static partial Regex UndecidedOpening();

    // "how big is medium?", "what counts as a prototype": asking where an option's word begins and
    // ends, the whole message. ("what's a microservice" asks the articles what one is.)
    [GeneratedRegex(@"^\W*(?:how\s+\w+\s+is|what\s+(?:counts|qualifies)\s+as)\s+(?:an?\s+|the\s+)?[""'“‘]?(?<word>\w+)[""'”’]?\s*\??\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex OptionWordAsked();

    // A question whether the answer fits an option: "would a dashboard count?", "does a wiki qualify".
    [GeneratedRegex(@"\b(?:count|counts|qualify|qualifies|fall\s+under|falls\s+under|fit\s+under|fits\s+under)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsksWhetherItFits();

    // Words that say how sure someone is, not what they mean. "What about"/"how about" offer an
    // answer ("what about medium?") rather than ask one.
    [GeneratedRegex(@"\b(?:maybe|perhaps|probably|possibly|presumably|likely|roughly|i\s+(?:think|guess|suppose|believe|reckon)|i['’]?d\s+(?:say|guess)|i\s+would\s+(?:say|guess)|kind\s+of|kinda|sort\s+of|sorta|more\s+or\s+less|(?:what|how)\s+about|hmm+|umm*|uhh*|err*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HedgePattern();
}
