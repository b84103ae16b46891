using System.Text.Json;

namespace AdvisorBot.Tests.BotFramework.Support;

/// <summary>Activities shaped the way Microsoft Teams sends them (ids with ':', '@' and ';',
/// a tenant, an AAD object id), as plain objects serialized to JSON.</summary>
public static class TeamsActivities
{
    public const string BotId = "28:" + BotUnderTest.AppId;
    public const string BotName = "AdvisorBot";
    public const string UserId = "29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQtHieVkKilBZ9XHoq9j7Zaqt7CZ-NJWi7me2kHTL3Bw";

    public static string NewConversationId() =>
        $"19:{Guid.NewGuid():N}@thread.tacv2;messageid=1{Random.Shared.Next(100000, 999999)}";

    public static Dictionary<string, object?> Message(string serviceUrl, string conversationId, string text, string channelId = "msteams") => new()
    {
        ["type"] = "message",
        ["id"] = "1:" + Guid.NewGuid().ToString("N")[..12],
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["localTimestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = channelId,
        ["from"] = new { id = UserId, name = "Megan Bowen", aadObjectId = "97b1ec61-45bf-453c-9059-6e8984e0cef4" },
        ["conversation"] = new { id = conversationId, conversationType = "channel", tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47", isGroup = true },
        ["recipient"] = new { id = BotId, name = BotName },
        ["text"] = text,
        ["textFormat"] = "plain",
        ["locale"] = "en-US",
        ["channelData"] = new { tenant = new { id = "72f988bf-86f1-41af-91ab-2d7cd011db47" }, teamsChannelId = "19:channel@thread.tacv2" },
    };

    /// <summary>A channel message that @mentions the bot, as Teams delivers it.</summary>
    public static Dictionary<string, object?> Mention(string serviceUrl, string conversationId, string question)
    {
        var mention = $"<at>{BotName}</at>";
        var activity = Message(serviceUrl, conversationId, $"{mention} {question}");
        activity["entities"] = new object[]
        {
            new { type = "mention", mentioned = new { id = BotId, name = BotName }, text = mention },
            new { type = "clientInfo", locale = "en-US", country = "US", platform = "Web" },
        };
        return activity;
    }

    /// <summary>A click on an Action.Submit button: a message with no text and the button's data as value.</summary>
    public static Dictionary<string, object?> Submit(string serviceUrl, string conversationId, object data)
    {
        var activity = Message(serviceUrl, conversationId, "");
        activity.Remove("text");
        activity["value"] = data;
        return activity;
    }

    /// <summary>A click on an Action.Execute button: an adaptiveCard/action invoke.</summary>
    public static Dictionary<string, object?> Execute(string serviceUrl, string conversationId, string verb, object data)
    {
        var activity = Message(serviceUrl, conversationId, "");
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity.Remove("text");
        activity["value"] = new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" };
        return activity;
    }

    /// <summary>A click on Teams' own thumbs up or down under the message <paramref name="replyToId"/>,
    /// with the reason typed into its form: a <c>message/submitAction</c> invoke.</summary>
    public static Dictionary<string, object?> Feedback(string serviceUrl, string conversationId, string replyToId, string reaction, string? feedbackText)
    {
        var activity = Message(serviceUrl, conversationId, "");
        activity["type"] = "invoke";
        activity["name"] = "message/submitAction";
        activity["replyToId"] = replyToId;
        activity.Remove("text");
        activity["value"] = new
        {
            actionName = "feedback",
            actionValue = new { reaction, feedback = JsonSerializer.Serialize(new { feedbackText }) },
        };
        return activity;
    }

    public static Dictionary<string, object?> MembersAdded(string serviceUrl, string conversationId, params (string Id, string? Name)[] members)
    {
        var activity = Message(serviceUrl, conversationId, "");
        activity["type"] = "conversationUpdate";
        activity.Remove("text");
        activity["membersAdded"] = members.Select(member => new { id = member.Id, name = member.Name }).ToArray();
        return activity;
    }
}
