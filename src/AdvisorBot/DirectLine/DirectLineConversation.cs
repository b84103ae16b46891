using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdvisorBot.DirectLine;

/// <summary>
/// One Direct Line conversation in memory: its tokens, and its activities in order, each with an
/// id (<c>{conversationId}|{sequence}</c>) and a server timestamp. A client reads what is new since
/// its watermark (the sequence number after the last activity it has). Activities are stored as
/// immutable JSON, so readers never see one half-written.
/// </summary>
public sealed class DirectLineConversation
{
    private readonly Lock _gate = new();
    private readonly List<StoredActivity> _activities = [];
    private readonly List<IssuedToken> _tokens = [];
    private readonly int _maxActivities;
    private long _nextSequence;

    public DirectLineConversation(string id, string userId, int maxActivities, DateTimeOffset now)
    {
        Id = id;
        UserId = userId;
        _maxActivities = maxActivities;
        LastActive = now;
    }

    public string Id { get; }

    /// <summary>Who is on the other end, as far as the bot is concerned: the token's holder.</summary>
    public string UserId { get; }

    /// <summary>Turns run one at a time, so replies follow the message they answer.</summary>
    public SemaphoreSlim TurnGate { get; } = new(1, 1);

    public DateTimeOffset LastActive { get; private set; }

    /// <summary>Adds a token valid until <paramref name="expiresAt"/>. Only the newest two are
    /// kept: the one just refreshed stays valid for a poll already under way.</summary>
    public void AddToken(string token, DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            _tokens.Add(new IssuedToken(DirectLineTokens.Hash(token), expiresAt));
            if (_tokens.Count > 2)
                _tokens.RemoveAt(0);
        }
    }

    /// <summary>Whether <paramref name="token"/> is one of this conversation's, and until when.</summary>
    public TokenCheck Check(string token, DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var issued in _tokens)
            {
                if (!DirectLineTokens.Matches(issued.Hash, token))
                    continue;
                if (issued.ExpiresAt <= now)
                    return new TokenCheck(TokenStatus.Expired, issued.ExpiresAt);
                LastActive = now;
                return new TokenCheck(TokenStatus.Valid, issued.ExpiresAt);
            }
            return new TokenCheck(TokenStatus.Unknown, null);
        }
    }

    /// <summary>True once every token has expired: nobody can read or write it any more.</summary>
    public bool IsExpired(DateTimeOffset now)
    {
        lock (_gate)
            return _tokens.All(issued => issued.ExpiresAt <= now);
    }

    /// <summary>Appends an activity, giving it its id and timestamp; returns the id.</summary>
    public string Append(JsonObject activity, DateTimeOffset now)
    {
        lock (_gate)
        {
            var sequence = _nextSequence++;
            var id = $"{Id}|{sequence.ToString("D7", CultureInfo.InvariantCulture)}";
            activity["id"] = id;
            activity["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            _activities.Add(new StoredActivity(sequence, JsonSerializer.SerializeToElement(activity)));
            if (_activities.Count > _maxActivities)
                _activities.RemoveRange(0, _activities.Count - _maxActivities);
            LastActive = now;
            return id;
        }
    }

    /// <summary>The activities from <paramref name="watermark"/> on, and the watermark to ask with next.</summary>
    public (IReadOnlyList<JsonElement> Activities, long Watermark) Since(long watermark)
    {
        lock (_gate)
        {
            var activities = _activities.Where(stored => stored.Sequence >= watermark).Select(stored => stored.Activity).ToList();
            return (activities, _nextSequence);
        }
    }

    private sealed record StoredActivity(long Sequence, JsonElement Activity);

    private sealed record IssuedToken(byte[] Hash, DateTimeOffset ExpiresAt);
}

public enum TokenStatus
{
    Unknown,
    Expired,
    Valid,
}

public readonly record struct TokenCheck(TokenStatus Status, DateTimeOffset? ExpiresAt);
