namespace AdvisorBot.Core.Knowledge;

/// <summary>How far a typed word is from a word as written, for reading what people type: the
/// search's fuzzy matching and the guided flow's answers.</summary>
public static class Typos
{
    /// <summary>Whether <paramref name="typed"/> is <paramref name="word"/> with one letter left
    /// out, added, or swapped with its neighbour: the slips of a hand, not of a different word.</summary>
    public static bool IsSlip(string word, string typed) =>
        EditDistance(word, typed) == 1
        && (word.Length != typed.Length || word.Order().SequenceEqual(typed.Order()));

    /// <summary><paramref name="word"/> with every run of one letter read as one letter:
    /// "begginers" is "beginers", "smalll" is "smal".</summary>
    public static string WithoutDoubledLetters(string word) =>
        string.Concat(word.Where((letter, i) => i == 0 || letter != word[i - 1]));

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and
    /// transpositions of neighbours each cost one.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
