using AdvisorBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace AdvisorBot.DirectLine;

/// <summary>
/// The Direct Line conversations, in the state database: a conversation started on one replica
/// is polled and continued on any other, and outlives a restart. A conversation is gone when all
/// its tokens have expired, and when there are too many the least recently active one makes room
/// for a new one. Only the newest two tokens of a conversation are valid: the one just refreshed
/// stays valid for a poll already under way.
/// </summary>
public sealed class DirectLineConversations(HostedConversationStore store, IOptions<DirectLineOptions> options, TimeProvider time, ILogger<DirectLineConversations> logger)
{
    /// <summary>Turns of one conversation run one at a time on a replica, so replies follow the
    /// message they answer. Striped: bounded memory whatever the number of conversations.</summary>
    private readonly SemaphoreSlim[] _turnGates = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>Starts a conversation; returns it with its first token.</summary>
    public async Task<(DirectLineConversation Conversation, string Token, DateTimeOffset ExpiresAt)> CreateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var conversation = new DirectLineConversation(DirectLineTokens.NewConversationId(), DirectLineTokens.NewUserId(), store, settings.MaxActivitiesPerConversation);
        var token = DirectLineTokens.NewToken(conversation.Id);
        var expiresAt = time.GetUtcNow() + settings.TokenLifetime;
        var evicted = await store.CreateAsync(new HostedConversation(conversation.Id, conversation.UserId, expiresAt), new HostedToken(DirectLineTokens.Hash(token), expiresAt),
            settings.MaxConversations, cancellationToken);
        if (evicted > 0)
            logger.LogWarning("Direct Line holds {Max} conversations: forgot the {Count} least recently active to start a new one", settings.MaxConversations, evicted);
        return (conversation, token, expiresAt);
    }

    /// <summary>A new token for <paramref name="conversation"/>, valid a full lifetime from now.</summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> RefreshAsync(DirectLineConversation conversation, CancellationToken cancellationToken)
    {
        var token = DirectLineTokens.NewToken(conversation.Id);
        var expiresAt = time.GetUtcNow() + options.Value.TokenLifetime;
        await store.AddTokenAsync(conversation.Id, new HostedToken(DirectLineTokens.Hash(token), expiresAt), cancellationToken);
        return (token, expiresAt);
    }

    /// <summary>Checks a bearer token: the conversation it opens, or why it opens none.</summary>
    public async Task<Authorized> AuthorizeAsync(string? token, CancellationToken cancellationToken)
    {
        var id = token is null ? null : DirectLineTokens.ConversationOf(token);
        if (id is null || await store.FindAsync(id, cancellationToken) is not { } found)
            return new Authorized(null, TokenStatus.Unknown, null);
        var issued = found.Tokens.FirstOrDefault(candidate => DirectLineTokens.Matches(candidate.Hash, token!));
        if (issued is null)
            return new Authorized(null, TokenStatus.Unknown, null);
        if (issued.ExpiresAt <= time.GetUtcNow())
            return new Authorized(null, TokenStatus.Expired, issued.ExpiresAt);
        // Reading counts as activity: a conversation someone still polls is not the first to make room.
        await store.TouchAsync(id, cancellationToken);
        var conversation = new DirectLineConversation(id, found.Conversation.UserId, store, options.Value.MaxActivitiesPerConversation);
        return new Authorized(conversation, TokenStatus.Valid, issued.ExpiresAt);
    }

    public SemaphoreSlim TurnGate(string conversationId) =>
        _turnGates[(StringComparer.Ordinal.GetHashCode(conversationId) & int.MaxValue) % _turnGates.Length];
}

/// <summary>The result of a token check; <see cref="Conversation"/> is set only for a valid token.</summary>
public sealed record Authorized(DirectLineConversation? Conversation, TokenStatus Status, DateTimeOffset? ExpiresAt);
