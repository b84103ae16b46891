using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdvisorBot.Core.Conversation;

namespace AdvisorBot.Slack;

/// <summary>What a queued Slack turn is: a question to answer in its thread, /choose-framework, or a click.</summary>
public enum SlackJobKind
{
    Answer,
    StartFlow,
    Act,

    /// <summary>Someone opened a chat with the bot: offer the suggested prompts (no message).</summary>
    SuggestPrompts,
}

/// <summary>
/// One Slack turn waiting in the durable queue (<see cref="SlackWorkQueue"/>), as JSON in the
/// state database, so any replica can do it: the person's message and where the answer goes.
/// </summary>
/// <param name="Description">What it is, for logs; never a secret or a person's text.</param>
public sealed record SlackJob(SlackJobKind Kind, InboundMessage? Message, SlackPlace Place, Uri? ResponseUrl, SlackActionSource? Source, string Description)
{
    /// <summary>The trace of the request that queued the job (W3C traceparent), so the trace of the
    /// answer, on whichever replica, continues it.</summary>
    public string? TraceParent { get; init; } = Activity.Current?.Id;

    /// <summary>Jobs of one Slack channel are done in order.</summary>
    public string Partition => SlackInbound.ConversationId(Place.Team, Place.Channel);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SlackJob FromJson(string json) =>
        JsonSerializer.Deserialize<SlackJob>(json, Json) ?? throw new InvalidDataException("an empty Slack job");
}

/// <summary>
/// What a Slack turn worked out, recorded before it is delivered: the rendered message and the
/// kinds of replies in it (which decide where a click's answer goes). A replica taking the job over
/// after the first died delivers this rather than answering again.
/// </summary>
public sealed record SlackAnswer(IReadOnlyList<ReplyKind> Kinds, SlackMessage Message)
{
    private static readonly JsonSerializerOptions Json = new(BlockKitJson.Options) { Converters = { new JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SlackAnswer FromJson(string json) =>
        JsonSerializer.Deserialize<SlackAnswer>(json, Json) ?? throw new InvalidDataException("an empty Slack answer");
}
