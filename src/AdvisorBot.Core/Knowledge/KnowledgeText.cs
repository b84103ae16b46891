using System.Text;

namespace AdvisorBot.Core.Knowledge;

/// <summary>Reads a knowledge file as strict UTF-8, so that a file in another encoding is
/// reported with the line it breaks on instead of being quoted with replacement characters.</summary>
public static class KnowledgeText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Read(string path, string displayName)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException error)
        {
            throw new KnowledgeLoadException(displayName, null, $"cannot be read: {error.Message}", error);
        }
        return Decode(bytes, displayName);
    }

    public static string Decode(ReadOnlySpan<byte> bytes, string displayName)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        try
        {
            return StrictUtf8.GetString(bytes).ReplaceLineEndings("\n");
        }
        catch (DecoderFallbackException)
        {
            throw new KnowledgeLoadException(displayName, FirstInvalidLine(bytes), "is not valid UTF-8 text; save it as UTF-8");
        }
    }

    private static int FirstInvalidLine(ReadOnlySpan<byte> bytes)
    {
        var line = 1;
        while (true)
        {
            var end = bytes.IndexOf((byte)'\n');
            var current = end < 0 ? bytes : bytes[..end];
            try
            {
                StrictUtf8.GetCharCount(current);
            }
            catch (DecoderFallbackException)
            {
                return line;
            }
            if (end < 0)
                return line;
            bytes = bytes[(end + 1)..];
            line++;
        }
    }
}
