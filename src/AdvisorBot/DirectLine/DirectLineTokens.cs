using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace AdvisorBot.DirectLine;

/// <summary>
/// Conversation ids and tokens. A token is <c>{conversationId}.{secret}</c>: it names the one
/// conversation it opens, and its 256-bit random secret is kept only as a SHA-256 hash, compared
/// in constant time. Clients treat it as opaque, as they do Direct Line's own tokens.
/// </summary>
public static class DirectLineTokens
{
    /// <summary>Longest Authorization value looked at; a real token is about 70 characters.</summary>
    public const int MaxTokenLength = 512;

    public static string NewConversationId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));

    public static string NewUserId() => "webchat-user-" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(9));

    public static string NewToken(string conversationId) =>
        conversationId + "." + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>The conversation a token names, or null if it is not shaped like one of ours.</summary>
    public static string? ConversationOf(string token)
    {
        if (token.Length > MaxTokenLength)
            return null;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < token.Length - 1 ? token[..dot] : null;
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool Matches(byte[] hash, string token) => CryptographicOperations.FixedTimeEquals(hash, Hash(token));
}
