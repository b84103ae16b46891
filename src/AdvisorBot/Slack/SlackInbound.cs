using System.Text.Json;
using AdvisorBot.Core.Conversation;

namespace AdvisorBot.Slack;

/// <summary>
/// Turns Slack's payloads into the engine's channel-neutral <see cref="InboundMessage"/>.
/// The conversation is the Slack channel (team:channel), not the thread: a flow's buttons may
/// come back from an ephemeral or a response_url message, which has no dependable thread, and a
/// typed answer in the flow's thread must reach the same flow. So, as in Teams and Web Chat, one
/// person has one conversation state per channel (the engine keys state by user as well), and
/// threads only decide where a reply is posted.
/// </summary>
public static class SlackInbound
{
    public const string ChannelName = "slack";

    public static string ConversationId(string team, string channel) => $"{team}:{channel}";

    /// <summary>Whether a channel id is a direct message's: Slack's DM ids start with "D".</summary>
    public static bool IsDirectMessageChannel(string channel) => channel.StartsWith('D');

    /// <summary>
    /// Someone opening a chat with the bot, to be offered suggested prompts: Slack's agent
    /// experience sends <c>app_home_opened</c> on the Messages tab (no thread); an app's assistant
    /// container sends <c>assistant_thread_started</c> with its thread. Null for any other event.
    /// </summary>
    public static SlackPlace? ReadOpening(JsonElement envelope)
    {
        if (envelope.Object("event") is not { } slackEvent)
            return null;
        var team = envelope.String("team_id") ?? "";
        switch (slackEvent.String("type"))
        {
            case "app_home_opened" when slackEvent.String("tab") == "messages" && slackEvent.String("channel") is { Length: > 0 } channel:
                return new SlackPlace(team, channel, ThreadTs: null) { IsDirect = true };
            case "assistant_thread_started" when slackEvent.Object("assistant_thread") is { } thread
                && thread.String("channel_id") is { Length: > 0 } channel && thread.String("thread_ts") is { Length: > 0 } threadTs:
                return new SlackPlace(team, channel, threadTs) { IsDirect = true };
            default:
                return null;
        }
    }

    /// <summary>A question from an event: an app_mention, or a message in a DM with the bot.</summary>
    public static EventReading ReadEvent(JsonElement envelope)
    {
        if (envelope.Object("event") is not { } slackEvent)
            return EventReading.Invalid("event_callback without an \"event\" object");
        var type = slackEvent.String("type");
        var isMention = type == "app_mention";
        var isDirect = type == "message" && slackEvent.String("channel_type") == "im";
        if (!isMention && !isDirect)
            return EventReading.Ignored($"event type {type ?? "(none)"} is not a question to the bot");
        // Edits, joins, bot posts and the rest come as subtypes; only people's new messages are questions.
        if (slackEvent.String("subtype") is { } subtype)
            return EventReading.Ignored($"message subtype {subtype}");
        if (slackEvent.Has("bot_id") || slackEvent.Has("bot_profile"))
            return EventReading.Ignored("posted by a bot");
        var user = slackEvent.String("user");
        if (string.IsNullOrEmpty(user))
            return EventReading.Ignored("no user");
        var botUser = envelope.Array("authorizations").Select(authorization => authorization.String("user_id")).FirstOrDefault(id => !string.IsNullOrEmpty(id));
        if (user == botUser)
            return EventReading.Ignored("the bot's own message");

        var channel = slackEvent.String("channel");
        var ts = slackEvent.String("ts");
        if (string.IsNullOrEmpty(channel) || string.IsNullOrEmpty(ts))
            return EventReading.Invalid($"{type} event without \"channel\" and \"ts\"");
        var team = envelope.String("team_id") ?? slackEvent.String("team") ?? "";
        var raw = slackEvent.String("text");
        // An app_mention starts with the bot's mention; without an authorization to name the bot,
        // the leading mention is the best guess at it.
        if (isMention && botUser is null)
            raw = SlackText.WithoutLeadingMention(raw);
        var text = SlackText.ToPlain(raw, botUser);
        var message = new InboundMessage(ChannelName, ConversationId(team, channel), user, text);
        // Answered in the question's thread: the thread it is in, or a new one under it.
        return new EventReading(message, new SlackPlace(team, channel, slackEvent.String("thread_ts") ?? ts) { IsDirect = isDirect }, ts, null, null);
    }

    /// <summary>A button click from a block_actions payload.</summary>
    public static ActionReading ReadAction(JsonElement payload)
    {
        var user = payload.Object("user");
        var userId = user?.String("id");
        var container = payload.Object("container");
        var channel = payload.Object("channel")?.String("id") ?? container?.String("channel_id");
        var team = payload.Object("team")?.String("id") ?? user?.String("team_id");
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(channel) || string.IsNullOrEmpty(team))
            return ActionReading.Invalid("block_actions payload needs user.id, channel.id (or container.channel_id) and team.id");
        var action = payload.Array("actions").FirstOrDefault();
        var value = action.String("value") ?? action.Object("selected_option")?.String("value");
        if (string.IsNullOrEmpty(value))
            return ActionReading.Ignored("no action with a value");
        if (!ReplyActionCodec.TryDecode(value, out var clicked, out var problem))
            return ActionReading.Invalid(problem);
        if (!TryResponseUrl(payload.String("response_url"), out var responseUrl))
            return ActionReading.Invalid("response_url must be an absolute http(s) URL");

        var message = new InboundMessage(ChannelName, ConversationId(team, channel), userId, Text: null, Action: clicked,
            UserName: user?.String("username") ?? user?.String("name"));
        var source = new SlackActionSource(
            new SlackPlace(team, channel, container?.String("thread_ts") ?? payload.Object("message")?.String("thread_ts")),
            container?.String("message_ts") ?? payload.Object("message")?.String("ts"),
            container?.Bool("is_ephemeral") ?? false,
            responseUrl);
        return new ActionReading(message, source, null, null);
    }

    /// <summary>A response_url must be absent or an absolute http(s) URL (Slack's are https).</summary>
    public static bool TryResponseUrl(string? value, out Uri? responseUrl)
    {
        responseUrl = null;
        if (string.IsNullOrEmpty(value))
            return true;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return false;
        responseUrl = uri;
        return true;
    }
}

/// <summary>Where in Slack something happened, and where the reply goes: a channel (a DM is one
/// too) and, when set, a thread in it.</summary>
public sealed record SlackPlace(string Team, string Channel, string? ThreadTs)
{
    /// <summary>A DM with the bot, where Slack shows its agent features (status, suggested prompts).</summary>
    public bool IsDirect { get; init; }
}

/// <summary>The message a click came from: to replace it, or to answer beside it.</summary>
public sealed record SlackActionSource(SlackPlace Place, string? MessageTs, bool IsEphemeral, Uri? ResponseUrl);

/// <summary>An event read: a question, or why it is ignored, or why it is invalid (a 400).</summary>
public sealed record EventReading(InboundMessage? Message, SlackPlace? Place, string? MessageTs, string? IgnoredBecause, string? Problem)
{
    public static EventReading Ignored(string reason) => new(null, null, null, reason, null);
    public static EventReading Invalid(string problem) => new(null, null, null, null, problem);
}

public sealed record ActionReading(InboundMessage? Message, SlackActionSource? Source, string? IgnoredBecause, string? Problem)
{
    public static ActionReading Ignored(string reason) => new(null, null, reason, null);
    public static ActionReading Invalid(string problem) => new(null, null, null, problem);
}
