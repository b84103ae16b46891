using System.Text;
using System.Text.RegularExpressions;

namespace AdvisorBot.Slack;

/// <summary>
/// Slack's text rules. Outbound, '&amp;', '&lt;' and '&gt;' are control characters and must be sent
/// as HTML entities, and every field has a length limit; inbound, text arrives escaped and with
/// mentions and links in angle brackets.
/// </summary>
public static partial class SlackText
{
    private const char Ellipsis = '…';

    /// <summary>The longest entity <see cref="Escape"/> writes ("&amp;amp;").</summary>
    private const int LongestEntity = 5;

    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Escapes, then shortens to at most <paramref name="maxLength"/> characters.</summary>
    public static string EscapeAndTruncate(string text, int maxLength) => TruncateEscaped(Escape(text), maxLength);

    /// <summary>
    /// Shortens already-escaped text to at most <paramref name="maxLength"/> characters, ending in
    /// an ellipsis when it cut. It never cuts inside an entity (a cut "&amp;am" would show as
    /// garbage or be rejected) or between the two halves of a surrogate pair.
    /// </summary>
    public static string TruncateEscaped(string escaped, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (escaped.Length <= maxLength)
            return escaped;
        var cut = BackOffEntity(escaped, SafeCut(escaped, maxLength - 1));
        return escaped[..cut].TrimEnd() + Ellipsis;
    }

    /// <summary>Shortens raw text (a button value, which Slack hands back as is) on a character boundary.</summary>
    public static string TruncateRaw(string text, int maxLength) =>
        text.Length <= maxLength ? text : text[..SafeCut(text, maxLength)];

    /// <summary>The largest cut at or below <paramref name="length"/> that keeps surrogate pairs whole.</summary>
    private static int SafeCut(string text, int length) =>
        length > 0 && char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;

    /// <summary>Moves a cut back to before an entity it would split.</summary>
    private static int BackOffEntity(string escaped, int cut)
    {
        var window = Math.Min(cut, LongestEntity - 1);
        var ampersand = escaped.LastIndexOf('&', cut - 1, window);
        if (ampersand >= 0 && escaped.IndexOf(';', ampersand, cut - ampersand) < 0)
            return ampersand;
        return cut;
    }

    /// <summary>
    /// A link in Slack's mrkdwn, or null when the URL is not an absolute http(s) URL. The URL's
    /// own '|', '&lt;' and '&gt;' would end the link early, so they are percent-encoded.
    /// </summary>
    public static string? Link(string? url, string label)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return null;
        var target = uri.AbsoluteUri.Replace("|", "%7C", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal)
            .Replace("&", "&amp;", StringComparison.Ordinal);
        return $"<{target}|{Escape(label)}>";
    }

    /// <summary>
    /// What a person typed, from a message's Slack-formatted text: the bot's own mention removed,
    /// other mentions, channels and links as their names, entities decoded.
    /// </summary>
    public static string ToPlain(string? text, string? botUserId)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var plain = SpecialToken().Replace(text, match => Token(match.Groups[1].Value, botUserId));
        return Unescape(plain).Trim();
    }

    /// <summary>Removes a leading mention of anyone: an app_mention starts with the bot's, and
    /// without an authorization in the payload the bot's own user id is not known.</summary>
    public static string WithoutLeadingMention(string? text) =>
        string.IsNullOrEmpty(text) ? "" : LeadingMention().Replace(text, "");

    private static string Token(string token, string? botUserId)
    {
        var bar = token.IndexOf('|', StringComparison.Ordinal);
        var target = bar < 0 ? token : token[..bar];
        var label = bar < 0 ? null : token[(bar + 1)..];
        if (target.StartsWith('@'))
            return botUserId is not null && target[1..] == botUserId ? "" : "@" + (label ?? target[1..]);
        if (target.StartsWith('#'))
            return "#" + (label ?? target[1..]);
        if (target.StartsWith('!'))
            return "@" + (label ?? target[1..].Split('^')[0]);
        return label ?? target;
    }

    private static string Unescape(string text) =>
        new StringBuilder(text).Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&").ToString();

    [GeneratedRegex("<([^<>]*)>")]
    private static partial Regex SpecialToken();

    [GeneratedRegex(@"^\s*<@[A-Z0-9]+(\|[^>]*)?>\s*")]
    private static partial Regex LeadingMention();
}
