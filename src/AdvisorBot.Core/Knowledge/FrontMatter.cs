using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AdvisorBot.Core.Knowledge;

/// <summary>
/// The YAML block between two <c>---</c> lines at the top of an article. Only the keys below are
/// allowed, so that a misspelt key is reported instead of silently dropping a source detail.
/// </summary>
public sealed record FrontMatter(string? Id, string Title, string? Publisher, string? Author, string? Date, string? Url)
{
    private static readonly HashSet<string> AllowedKeys = ["id", "title", "publisher", "author", "date", "url"];

    /// <summary>Splits <paramref name="text"/> into front matter and body; <paramref name="bodyFirstLine"/>
    /// is the 1-based line where the body starts, so body errors can name the right line.</summary>
    public static FrontMatter Parse(string text, string file, out string body, out int bodyFirstLine)
    {
        var lines = text.Split('\n');
        if (lines[0].TrimEnd() != "---")
            throw new KnowledgeLoadException(file, 1, "has no front matter: an article must start with a '---' line, then 'title: ...', then '---'");

        var closing = Array.FindIndex(lines, 1, line => line.TrimEnd() == "---");
        if (closing < 0)
            throw new KnowledgeLoadException(file, 1, "front matter is not closed: add a '---' line after it");

        var values = ReadMapping(string.Join('\n', lines[1..closing]), file);
        foreach (var (key, (_, line)) in values)
        {
            if (!AllowedKeys.Contains(key))
                throw new KnowledgeLoadException(file, line, $"unknown front matter key '{key}' (allowed: {string.Join(", ", AllowedKeys)})");
        }

        string? Value(string key) => values.TryGetValue(key, out var entry) && !string.IsNullOrWhiteSpace(entry.Value) ? entry.Value.Trim() : null;

        var title = Value("title") ?? throw new KnowledgeLoadException(file, 1, "front matter has no 'title'");
        var url = Value("url");
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            throw new KnowledgeLoadException(file, values["url"].Line, $"'url' must be an absolute http(s) address, not '{url}'");
        var id = Value("id");
        if (id is not null && !Slug.IsValid(id))
            throw new KnowledgeLoadException(file, values["id"].Line, $"'id' must be lower-case letters, digits and dashes, not '{id}'");

        body = string.Join('\n', lines[(closing + 1)..]);
        bodyFirstLine = closing + 2;
        return new FrontMatter(id, title, Value("publisher"), Value("author"), Value("date"), url);
    }

    /// <summary>Reads a flat mapping of scalars; line numbers are of the file (front matter starts on line 2).</summary>
    private static Dictionary<string, (string Value, int Line)> ReadMapping(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException error)
        {
            throw new KnowledgeLoadException(file, (int)error.Start.Line + 1, $"front matter is not valid YAML: {error.Message}", error);
        }

        var result = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0)
            return result;
        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
            throw new KnowledgeLoadException(file, 2, "front matter must be 'key: value' lines");

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var line = (int)keyNode.Start.Line + 1;
            if (keyNode is not YamlScalarNode { Value: { } key } || valueNode is not YamlScalarNode scalar)
                throw new KnowledgeLoadException(file, line, "front matter values must be plain text, not lists or maps");
            result[key] = (scalar.Value ?? "", line);
        }
        return result;
    }
}
