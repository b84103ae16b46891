using Microsoft.Extensions.Options;

namespace AdvisorBot.DirectLine;

/// <summary>
/// Limits of the host's own Direct Line 3.0 endpoint (the support desk page's Web Chat talks to
/// it), bound from the "DirectLine" configuration section. Conversations live in the state
/// database, so they survive a restart and every replica serves them.
/// </summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>How long a conversation's token is valid; Web Chat refreshes it well before
    /// (every 15 minutes). A conversation whose tokens have all expired is forgotten.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Conversations kept at once (across all replicas); beyond it the least recently active one is forgotten.</summary>
    public int MaxConversations { get; set; } = 500;

    /// <summary>Activities kept per conversation; beyond it the oldest are dropped.</summary>
    public int MaxActivitiesPerConversation { get; set; } = 200;

    /// <summary>New conversations one client address may start per minute; more get 429.</summary>
    public int ConversationsPerMinutePerClient { get; set; } = 30;

    /// <summary>Activities one desk conversation may post in <see cref="ConversationWindow"/>; more get 429.
    /// The desk's own limit: the Bot Framework's settings do not govern Web Chat.</summary>
    public int ConversationPermitLimit { get; set; } = 30;

    public TimeSpan ConversationWindow { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Validate()
    {
        if (TokenLifetime < TimeSpan.FromMinutes(1) || TokenLifetime > TimeSpan.FromDays(1))
            yield return $"{SectionName}:{nameof(TokenLifetime)} must be from 00:01:00 to 1.00:00:00.";
        if (MaxConversations < 1)
            yield return $"{SectionName}:{nameof(MaxConversations)} must be at least 1.";
        if (MaxActivitiesPerConversation < 10)
            yield return $"{SectionName}:{nameof(MaxActivitiesPerConversation)} must be at least 10.";
        if (ConversationsPerMinutePerClient < 1)
            yield return $"{SectionName}:{nameof(ConversationsPerMinutePerClient)} must be at least 1.";
        if (ConversationPermitLimit < 1)
            yield return $"{SectionName}:{nameof(ConversationPermitLimit)} must be at least 1.";
        if (ConversationWindow <= TimeSpan.Zero)
            yield return $"{SectionName}:{nameof(ConversationWindow)} must be positive.";
    }
}

/// <summary>Refuses to start with Direct Line limits that make no sense, naming each.</summary>
public sealed class DirectLineOptionsValidation : IValidateOptions<DirectLineOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectLineOptions options)
    {
        var errors = options.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
