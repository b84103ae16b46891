using System.Text;
using System.Text.RegularExpressions;

namespace AdvisorBot.Core.Evaluation;

/// <summary>
/// The normalisation the evaluation data is defined with: NFKC, straight quotes, '-' for en
/// dashes, Markdown marks and bullets dropped, white space collapsed, lower case. A passage is
/// relevant when its normalised heading and text contain a normalised evidence phrase.
/// </summary>
public static partial class EvidenceText
{
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormKC))
        {
            switch (ch)
            {
                case '‘' or '’': builder.Append('\''); break;
                case '“' or '”': builder.Append('"'); break;
                case '–': builder.Append('-'); break;
                case '*' or '_' or '`' or '#' or '>' or '[' or ']' or '•': break;
                default: builder.Append(ch); break;
            }
        }
        return Spaces().Replace(builder.ToString(), " ").Trim().ToLowerInvariant();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
