using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AdvisorBot.DirectLine;

/// <summary>
/// The Direct Line conversations the host has open, in memory and bounded: a conversation is
/// forgotten when all its tokens have expired, and when there are too many the least recently
/// active one makes room for a new one.
/// </summary>
public sealed class DirectLineConversations(IOptions<DirectLineOptions> options, TimeProvider time, ILogger<DirectLineConversations> logger)
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _conversations = new(StringComparer.Ordinal);
    private readonly Lock _createGate = new();

    public int Count => _conversations.Count;

    /// <summary>Starts a conversation; returns it with its first token.</summary>
    public (DirectLineConversation Conversation, string Token, DateTimeOffset ExpiresAt) Create()
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var conversation = new DirectLineConversation(DirectLineTokens.NewConversationId(), DirectLineTokens.NewUserId(), settings.MaxActivitiesPerConversation, now);
        var token = DirectLineTokens.NewToken(conversation.Id);
        var expiresAt = now + settings.TokenLifetime;
        conversation.AddToken(token, expiresAt);
        lock (_createGate)
        {
            RemoveExpired(now);
            while (_conversations.Count >= settings.MaxConversations)
            {
                var oldest = _conversations.Values.MinBy(candidate => candidate.LastActive);
                if (oldest is null || !_conversations.TryRemove(oldest.Id, out _))
                    break;
                logger.LogWarning("Direct Line holds {Max} conversations: forgot the least recently active one, {ConversationId}, to start a new one", settings.MaxConversations, oldest.Id);
            }
            _conversations[conversation.Id] = conversation;
        }
        return (conversation, token, expiresAt);
    }

    /// <summary>A new token for the conversation <paramref name="conversation"/>, valid a full lifetime from now.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Refresh(DirectLineConversation conversation)
    {
        var token = DirectLineTokens.NewToken(conversation.Id);
        var expiresAt = time.GetUtcNow() + options.Value.TokenLifetime;
        conversation.AddToken(token, expiresAt);
        return (token, expiresAt);
    }

    /// <summary>Checks a bearer token: the conversation it opens, or why it opens none.</summary>
    public Authorized Authorize(string? token)
    {
        if (token is null)
            return new Authorized(null, TokenStatus.Unknown, null);
        var id = DirectLineTokens.ConversationOf(token);
        if (id is null || !_conversations.TryGetValue(id, out var conversation))
            return new Authorized(null, TokenStatus.Unknown, null);
        var check = conversation.Check(token, time.GetUtcNow());
        return new Authorized(check.Status == TokenStatus.Valid ? conversation : null, check.Status, check.ExpiresAt);
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var (id, conversation) in _conversations)
        {
            if (conversation.IsExpired(now))
                _conversations.TryRemove(id, out _);
        }
    }
}

/// <summary>The result of a token check; <see cref="Conversation"/> is set only for a valid token.</summary>
public sealed record Authorized(DirectLineConversation? Conversation, TokenStatus Status, DateTimeOffset? ExpiresAt);
