namespace AdvisorBot.BotFramework.Authentication;

/// <summary>Who sent an activity, once its token (or, in anonymous mode, its lack of one) is accepted.</summary>
public enum CallerKind
{
    /// <summary>No token, and the bot runs without an app id (local use).</summary>
    Anonymous,

    /// <summary>A Bot Connector token that vouches for the activity's serviceUrl.</summary>
    Channel,

    /// <summary>An Emulator token, issued to the bot's own app id.</summary>
    Emulator,
}

/// <summary>The outcome of checking an activity's token: who sent it, or why it is refused.</summary>
public sealed record AuthenticationResult(CallerKind? Caller, string? Failure, int FailureStatus)
{
    public bool Succeeded => Caller is not null;

    public static AuthenticationResult Success(CallerKind caller) => new(caller, null, 0);

    /// <summary>The token is missing or not good: 401.</summary>
    public static AuthenticationResult Reject(string reason) => new(null, reason, StatusCodes.Status401Unauthorized);

    /// <summary>The token cannot be checked now (the authority's keys are unreachable): 503.</summary>
    public static AuthenticationResult Unavailable(string reason) => new(null, reason, StatusCodes.Status503ServiceUnavailable);
}
