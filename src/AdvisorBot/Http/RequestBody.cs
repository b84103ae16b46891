namespace AdvisorBot.Http;

/// <summary>
/// Reads a request body that may be at most so many bytes: refused early on a declared length over
/// the limit, and counted while reading, since a chunked body declares none. Every endpoint that
/// reads its raw body (the Bot Framework activity, Slack's signed bodies, Direct Line, the desk
/// API) reads it here.
/// </summary>
public static class RequestBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
