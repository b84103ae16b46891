using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AdvisorBot.Core.Knowledge;

/// <summary>Reads a YAML knowledge file, turning every way YamlDotNet can fail into a
/// <see cref="KnowledgeLoadException"/> that names the file (and the line, where known).</summary>
public static class KnowledgeYaml
{
    /// <summary>The file's root node, or null when it holds no document.</summary>
    public static YamlNode? LoadRoot(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException error)
        {
            throw new KnowledgeLoadException(file, (int)error.Start.Line, $"is not valid YAML: {error.Message}", error);
        }
        catch (InvalidOperationException error)
        {
            // YamlDotNet's scanner fails this way on some unclosed brackets, without a position.
            throw new KnowledgeLoadException(file, null, "is not valid YAML (look for an unclosed [ or {)", error);
        }
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }
}
