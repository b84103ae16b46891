namespace AdvisorBot.Http;

/// <summary>The one reading of <c>Authorization: Bearer &lt;token&gt;</c> (scheme case-insensitive,
/// one token, nothing after it), for every endpoint that takes a bearer token.</summary>
public static class BearerToken
{
    /// <summary>Longest token looked at; the Bot Connector's JWTs are a few kilobytes.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>The token of an Authorization header, or null when it is not a bearer token.</summary>
    public static string? From(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
            return null;
        var parts = authorization.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && string.Equals(parts[0], "Bearer", StringComparison.OrdinalIgnoreCase) && parts[1].Length <= MaxLength
            ? parts[1]
            : null;
    }

    public static string? From(HttpRequest request) => From(request.Headers.Authorization.ToString());
}
