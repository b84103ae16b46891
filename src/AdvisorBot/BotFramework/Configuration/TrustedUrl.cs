using System.Net;

namespace AdvisorBot.BotFramework.Configuration;

/// <summary>
/// Which URLs the bot will fetch keys from, ask for tokens at, or send replies to: https, or plain
/// http on a loopback address (the Emulator, local test authorities). Anything else could leak
/// a token or accept forged keys over the network.
/// </summary>
public static class TrustedUrl
{
    public static bool IsAcceptable(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && IsAcceptable(uri);

    public static bool IsAcceptable(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri));

    public static bool IsHttp(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.UserInfo.Length == 0;

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
