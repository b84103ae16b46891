using AdvisorBot.Core.Knowledge;

namespace AdvisorBot.Core.Conversation;

/// <summary>
/// The one "Source:" line every reply and every channel shows under a quoted passage:
/// "Source: Title — Publisher, Author (Date)", with the article's address where it is known. A
/// channel with links passes how it links a title to an address (only http(s) addresses are
/// linked); without, the address follows in angle brackets.
/// </summary>
public static class SourceLine
{
    public const string Label = "Source: ";

    public static string Format(Source source, Func<string, string, string>? linkTitle = null)
    {
        var described = source.Describe();
        if (!Uri.TryCreate(source.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.UserInfo.Length > 0)
            return Label + described;
        return linkTitle is null
            ? $"{Label}{described} <{source.Url}>"
            : Label + linkTitle(source.Title, source.Url!) + described[source.Title.Length..];
    }
}
