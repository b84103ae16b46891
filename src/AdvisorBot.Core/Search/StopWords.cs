using System.Text.RegularExpressions;

namespace AdvisorBot.Core.Search;

/// <summary>
/// Words that carry no topic in an English question: function words, and the words people use
/// to ask ("what", "should", "which one", "tell me"). They are left out of the query so that an
/// answer is judged on what the question is about.
/// </summary>
public static class StopWords
{
    private static readonly HashSet<string> Words =
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "anyone",
        "are", "as", "at", "be", "because", "been", "before", "being", "below", "best", "better", "between",
        "both", "but", "by", "can", "could", "did", "do", "does", "doing", "done", "down", "during", "each",
        "either", "else", "etc", "ever", "few", "for", "from", "further", "get", "gets", "getting", "give",
        "gives", "go", "going", "good", "got", "had", "has", "have", "having", "he", "her", "here", "hers",
        "him", "his", "how", "i", "if", "im", "in", "into", "is", "it", "its", "itself", "just", "know", "let",
        "like", "look", "looks", "lot", "made", "make", "may", "me", "might", "mine", "more", "most", "much",
        "must", "my", "myself", "need", "needs", "no", "nor", "not", "now", "of", "off", "on", "once", "one",
        "ones", "only", "or", "other", "our", "ours", "out", "over", "own", "pick", "please", "really", "s",
        "same", "say", "says", "shall", "she", "should", "so", "some", "something", "such", "t", "take", "tell",
        "than", "thanks", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "thing",
        "things", "think", "this", "those", "through", "to", "too", "under", "until", "up", "us", "use", "used",
        "using", "very", "vs", "versus", "want", "was", "way", "we", "well", "were", "what", "whats", "when",
        "where", "whether", "which", "while", "who", "whom", "why", "will", "with", "work", "works", "would",
        "you", "your", "yours", "yourself", "ll", "ve", "re", "d", "m", "don", "doesn", "isn", "aren",
        // Contractions typed without their apostrophe, as chat often has them ("we dont need").
        "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt", "wouldnt",
        "shouldnt", "wont", "havent", "hasnt", "ive", "youre", "theyre", "thats", "theres",
        "cannot", "choose", "choosing", "typical", "typically", "actually", "kind", "sort", "type",
        "come", "comes", "came", "coming", "anyone", "anybody", "someone", "somebody", "ok", "okay", "tend",
        "framework", "frameworks", "never", "always", "already", "still", "yet", "even", "maybe", "probably",
        "perhaps", "anyway", "anyways", "though", "guess", "wonder", "wondering", "wait", "right",
        // Quantities and indefinite pronouns: "which of the two", "everything we build", "half my team".
        "everything", "anything", "nothing", "everyone", "everybody", "nobody", "every", "whole", "half",
        "two", "three", "several", "many", "lots",
        // Asking for a judgement, not naming a topic: "good idea?", "any idea why", "anyone got tips
        // for learning django", "thoughts?".
        "idea", "ideas", "tip", "tips", "advice", "thoughts", "opinion", "opinions", "pointers",
        // A question calling itself one ("non-dev question:", "dumb question but") says what it is,
        // not what it is about.
        "question", "questions",
        // Judging with no topic, as "good" is ("i hate bad docs"), and narrowing what is asked
        // without naming anything ("what exactly makes it a pain", "trying to figure out which").
        "bad", "exactly", "specifically", "precisely", "try", "trying", "tried", "figure", "figuring",
        // Where in a sequence, as "new" is when: "the next djangocon", "your next project".
        "next",
    ];

    // What people add in chat that says nothing about the topic: abbreviations, fillers, greetings
    // and hedges ("lol", "b4", "ngl", "kinda", "stuff"). Left in, the articles never use them, so
    // they would count as unknown words of the question.
    private static readonly HashSet<string> ChatFiller =
    [
        "lol", "lmao", "rofl", "haha", "hehe", "xd", "omg", "b4", "pls", "plz", "thx", "ty", "tia", "ngl",
        "tbh", "imo", "imho", "idk", "afaik", "iirc", "rn", "btw", "fyi", "tl", "dr", "tldr", "kinda", "sorta",
        "gonna", "wanna", "gotta", "lemme", "gimme", "u", "ur", "r", "y", "ya", "yah", "yeah", "yep", "yup",
        "nope", "nah", "hey", "hi", "hello", "yo", "sup", "guys", "folks", "dude", "literally", "basically",
        "honestly", "seriously", "totally", "stuff", "whatever", "ok", "okay", "cool", "hmm", "um", "uh",
        "like", "thanks", "cheers", "please", "wat", "wut", "dunno", "ppl",
        // "fw" for framework (itself a stop word), "w/" for with, and more chat shorthand.
        "fw", "fws", "w", "tho", "cuz", "coz", "bc", "smth", "sth", "fwiw", "ofc", "obv", "obvs", "atm", "nvm", "lmk",
        // Pronouns as chat spells them: "how do i link em", "what do yall use".
        "em", "yall",
    ];

    // Phrases that announce a question rather than say what it is about: "hey quick q, ...",
    // "dumb question but ...", "quick python q": their words alone are topics ("quick" is
    // performance). A word between ("python") says what the question is about, and stays. So is
    // "is it true that ...": what follows is the question, "true" no topic of it; and "big on"
    // ("django is big on DRY") is keen on, not size.
    private static readonly Regex FillerPhrases = new(
        @"\b(?:(?:quick|dumb|stupid|silly|noob|newbie|random|basic|small)\s+(?:(?<about>\w+)\s+)?(?:q|qn|question)|(?:is|isn'?t|isnt)\s+(?:it|that|this)\s+(?:really\s+|actually\s+)?true|big\s+on)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));

    public static bool Contains(string word) => Words.Contains(word) || ChatFiller.Contains(word);

    /// <summary><paramref name="text"/> with its filler phrases ("quick question") blanked out,
    /// space for letter, so every other word keeps its offsets.</summary>
    public static string WithoutFillerPhrases(string text) =>
        FillerPhrases.Replace(text, match =>
        {
            var blanked = new string(' ', match.Length).ToCharArray();
            var about = match.Groups["about"];
            if (about.Success)
                about.Value.CopyTo(0, blanked, about.Index - match.Index, about.Length);
            return new string(blanked);
        });

    public static IReadOnlyCollection<string> All => [.. Words, .. ChatFiller];
}
