using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AdvisorBot.Slack;

/// <summary>
/// Slack's request signing (v0): HMAC-SHA256 with the signing secret over "v0:{timestamp}:{raw body}",
/// sent as "v0=" + lowercase hex in X-Slack-Signature, with the timestamp in
/// X-Slack-Request-Timestamp. A request older or newer than five minutes is refused, so a captured
/// request cannot be replayed later.
/// </summary>
public static class SlackSignature
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const string Version = "v0";

    /// <summary>Why a request was refused, or <see cref="SignatureCheck.Valid"/>.</summary>
    public static SignatureCheck Verify(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
            return SignatureCheck.MissingHeaders;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return SignatureCheck.BadTimestamp;
        // Compared in seconds, as sent; a value outside DateTimeOffset's range is simply too far off.
        var age = now.ToUnixTimeSeconds() - seconds;
        if (age > MaxAge.TotalSeconds || age < -MaxAge.TotalSeconds)
            return SignatureCheck.OutsideWindow;
        var expected = Encoding.ASCII.GetBytes(Compute(signingSecret, timestamp, body));
        var actual = Encoding.UTF8.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The signature Slack would send for this body at this timestamp.</summary>
    public static string Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{Version}:{timestamp}:");
        var baseString = new byte[prefix.Length + body.Length];
        prefix.CopyTo(baseString, 0);
        body.CopyTo(baseString.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), baseString);
        return $"{Version}={Convert.ToHexStringLower(mac)}";
    }
}

public enum SignatureCheck
{
    Valid,
    MissingHeaders,
    BadTimestamp,
    OutsideWindow,
    Mismatch,
}
