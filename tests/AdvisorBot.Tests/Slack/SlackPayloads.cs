namespace AdvisorBot.Tests.Slack;

/// <summary>Payloads shaped as Slack sends them (Events API, slash command, block_actions).</summary>
public static class SlackPayloads
{
    public const string Team = "T0TEAM0001";
    public const string BotUser = "U0BOT00001";
    public const string User = "U0PERSON01";
    public const string Channel = "C0CHANNEL1";
    public const string DirectChannel = "D0DIRECT01";

    private static int _counter;

    public static string NewEventId() => $"Ev{Interlocked.Increment(ref _counter):D8}TEST";

    public static string NewTs() => $"1700000000.{Interlocked.Increment(ref _counter):D6}";

    public static object Envelope(string eventId, object slackEvent) => new Dictionary<string, object?>
    {
        ["token"] = "verification-token-unused",
        ["team_id"] = Team,
        ["api_app_id"] = "A0APP00001",
        ["event"] = slackEvent,
        ["type"] = "event_callback",
        ["event_id"] = eventId,
        ["event_time"] = 1700000000,
        ["authorizations"] = new[] { new { enterprise_id = (string?)null, team_id = Team, user_id = BotUser, is_bot = true, is_enterprise_install = false } },
        ["is_ext_shared_channel"] = false,
    };

    public static Dictionary<string, object?> Mention(string text, string ts, string? threadTs = null, string channel = Channel, string user = User)
    {
        var slackEvent = new Dictionary<string, object?>
        {
            ["type"] = "app_mention",
            ["user"] = user,
            ["text"] = $"<@{BotUser}> {text}",
            ["ts"] = ts,
            ["channel"] = channel,
            ["event_ts"] = ts,
        };
        if (threadTs is not null)
            slackEvent["thread_ts"] = threadTs;
        return slackEvent;
    }

    public static Dictionary<string, object?> DirectMessage(string text, string ts, string user = User) => new()
    {
        ["type"] = "message",
        ["channel_type"] = "im",
        ["user"] = user,
        ["text"] = text,
        ["ts"] = ts,
        ["channel"] = DirectChannel,
        ["event_ts"] = ts,
    };

    /// <summary>Someone opened a tab of the bot's App Home ("messages": a chat with it, in Slack's agent experience).</summary>
    public static Dictionary<string, object?> AppHomeOpened(string tab) => new()
    {
        ["type"] = "app_home_opened",
        ["user"] = User,
        ["channel"] = DirectChannel,
        ["tab"] = tab,
        ["event_ts"] = NewTs(),
    };

    /// <summary>Someone started a thread in the bot's assistant container.</summary>
    public static Dictionary<string, object?> AssistantThreadStarted(string threadTs) => new()
    {
        ["type"] = "assistant_thread_started",
        ["assistant_thread"] = new { user_id = User, context = new { channel_id = Channel, team_id = Team }, channel_id = DirectChannel, thread_ts = threadTs },
        ["event_ts"] = NewTs(),
    };

    public static Dictionary<string, string> Command(string command, Uri responseUrl, string channel = Channel, string text = "") => new()
    {
        ["token"] = "verification-token-unused",
        ["team_id"] = Team,
        ["team_domain"] = "advisorbot-tests",
        ["channel_id"] = channel,
        ["channel_name"] = "general",
        ["user_id"] = User,
        ["user_name"] = "roadrunner",
        ["command"] = command,
        ["text"] = text,
        ["api_app_id"] = "A0APP00001",
        ["response_url"] = responseUrl.AbsoluteUri,
        ["trigger_id"] = "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
    };

    /// <summary>A click on a button of a message the bot posted.</summary>
    public static object BlockActions(SlackCall message, (string ActionId, string Label, string Value) button, string messageTs, Uri responseUrl,
        string? threadTs = null, bool ephemeral = false, string channel = Channel)
    {
        var container = new Dictionary<string, object?>
        {
            ["type"] = "message",
            ["message_ts"] = messageTs,
            ["channel_id"] = channel,
            ["is_ephemeral"] = ephemeral,
        };
        if (threadTs is not null)
            container["thread_ts"] = threadTs;
        return new Dictionary<string, object?>
        {
            ["type"] = "block_actions",
            ["user"] = new { id = User, username = "roadrunner", name = "roadrunner", team_id = Team },
            ["api_app_id"] = "A0APP00001",
            ["token"] = "verification-token-unused",
            ["container"] = container,
            ["trigger_id"] = "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
            ["team"] = new { id = Team, domain = "advisorbot-tests" },
            ["channel"] = new { id = channel, name = "general" },
            ["message"] = new { type = "message", ts = messageTs, text = message.String("text"), blocks = message.Blocks },
            ["response_url"] = responseUrl.AbsoluteUri,
            ["actions"] = new[]
            {
                new
                {
                    action_id = button.ActionId,
                    block_id = "actions-0-0",
                    text = new { type = "plain_text", text = button.Label, emoji = true },
                    value = button.Value,
                    type = "button",
                    action_ts = "1700000200.000001",
                },
            },
        };
    }

    /// <summary>application/x-www-form-urlencoded, spaces as '+', as Slack sends it.</summary>
    public static string Form(IDictionary<string, string> fields) =>
        string.Join('&', fields.Select(field => $"{Encode(field.Key)}={Encode(field.Value)}"));

    private static string Encode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);
}
