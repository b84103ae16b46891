using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdvisorBot.Core.Storage;

namespace AdvisorBot.DirectLine;

/// <summary>
/// One Direct Line conversation, kept in the state database (<see cref="HostedConversationStore"/>),
/// so it survives a restart and any replica can serve it: its activities in order, each with an id
/// (<c>{conversationId}|{sequence}</c>) and a server timestamp. A client reads what is new since
/// its watermark (the sequence number after the last activity it has).
/// </summary>
public sealed class DirectLineConversation(string id, string userId, HostedConversationStore store, int maxActivities)
{
    public string Id { get; } = id;

    /// <summary>Who is on the other end, as far as the bot is concerned: the token's holder.</summary>
    public string UserId { get; } = userId;

    /// <summary>Appends an activity, giving it its id and timestamp; returns the id, or null when
    /// the conversation has ended meanwhile (its tokens expired, or it made room for newer ones).</summary>
    public async Task<string?> AppendAsync(JsonObject activity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string? id = null;
        var sequence = await store.AppendAsync(Id, sequence =>
        {
            id = $"{Id}|{sequence.ToString("D7", CultureInfo.InvariantCulture)}";
            activity["id"] = id;
            activity["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            return activity.ToJsonString();
        }, maxActivities, cancellationToken);
        return sequence is null ? null : id;
    }

    /// <summary>The activities from <paramref name="watermark"/> on, and the watermark to ask with next.</summary>
    public async Task<(IReadOnlyList<JsonElement> Activities, long Watermark)> SinceAsync(long watermark, CancellationToken cancellationToken)
    {
        var page = await store.SinceAsync(Id, watermark, cancellationToken);
        return (page.Activities.Select(json => JsonSerializer.Deserialize<JsonElement>(json)).ToList(), page.Watermark);
    }
}

public enum TokenStatus
{
    Unknown,
    Expired,
    Valid,
}
