using System.Globalization;
using System.Text;

namespace AdvisorBot.Core.Knowledge;

/// <summary>
/// Splits text into lower-case words (letters and digits are word characters, everything else
/// separates, diacritics removed), for code that reads short phrases word by word, such as the
/// guided flow's answer matching. Search itself reads text with its own analyzer (KnowledgeAnalyzer).
/// Anything a user types, emoji and operators included, comes out as plain words.
/// </summary>
public static class Tokenizer
{
    public static List<string> Words(string text, int maxWords = int.MaxValue)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormKD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                continue;
            if (char.IsLetterOrDigit(ch))
            {
                word.Append(char.ToLowerInvariant(ch));
                continue;
            }
            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
                if (words.Count >= maxWords)
                    return words;
            }
        }
        if (word.Length > 0 && words.Count < maxWords)
            words.Add(word.ToString());
        return words;
    }
}
