using System.Globalization;
using System.Text;

namespace AdvisorBot.Core.Knowledge;

/// <summary>Lower-case ASCII slugs for ids: stable, URL-safe and readable in logs.</summary>
public static class Slug
{
    public static string From(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingDash = false;
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
                continue;
            if (ch < 128 && char.IsLetterOrDigit(ch))
            {
                if (pendingDash && builder.Length > 0)
                    builder.Append('-');
                builder.Append(char.ToLowerInvariant(ch));
                pendingDash = false;
            }
            else
            {
                pendingDash = true;
            }
        }
        return builder.ToString();
    }

    public static bool IsValid(string slug) =>
        slug.Length > 0 && slug.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && slug[0] != '-' && slug[^1] != '-';
}
