using System.Text.Json;

namespace AdvisorBot.BotFramework.Teams;

/// <summary>
/// A click on Teams' own thumbs up or down under an answer, and the reason typed into its form:
/// an <c>invoke</c> named <c>message/submitAction</c> whose value is
/// <c>{"actionName": "feedback", "actionValue": {"reaction": "like" | "dislike", "feedback": "{\"feedbackText\": \"...\"}"}}</c>,
/// with <c>replyToId</c> naming the message rated. Teams keeps nothing; the bot stores it.
/// </summary>
public sealed record TeamsFeedback(bool Helpful, string? Text)
{
    public const string InvokeName = "message/submitAction";

    /// <summary>Longest reason kept, as for feedback through the desk API.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>The feedback in <paramref name="value"/>, or why it is not feedback this bot reads.</summary>
    public static (TeamsFeedback? Feedback, string? Problem) Read(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } payload)
            return (null, "value is missing");
        if (!payload.TryGetProperty("actionName", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() != "feedback")
            return (null, "value.actionName is not \"feedback\"");
        if (!payload.TryGetProperty("actionValue", out var action) || action.ValueKind != JsonValueKind.Object)
            return (null, "value.actionValue is missing");
        bool helpful;
        switch (action.TryGetProperty("reaction", out var reaction) && reaction.ValueKind == JsonValueKind.String ? reaction.GetString() : null)
        {
            case "like":
                helpful = true;
                break;
            case "dislike":
                helpful = false;
                break;
            default:
                return (null, "value.actionValue.reaction must be \"like\" or \"dislike\"");
        }
        var (text, problem) = ReadText(action);
        return problem is null ? (new TeamsFeedback(helpful, text), null) : (null, problem);
    }

    /// <summary>The typed reason: <c>feedback</c> is itself JSON, as a string, holding <c>feedbackText</c>.</summary>
    private static (string? Text, string? Problem) ReadText(JsonElement action)
    {
        if (!action.TryGetProperty("feedback", out var feedback) || feedback.ValueKind is JsonValueKind.Null)
            return (null, null);
        if (feedback.ValueKind != JsonValueKind.String)
            return (null, "value.actionValue.feedback must be a JSON string");
        JsonElement form;
        try
        {
            using var document = JsonDocument.Parse(feedback.GetString()!);
            form = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, "value.actionValue.feedback is not JSON");
        }
        if (form.ValueKind != JsonValueKind.Object || !form.TryGetProperty("feedbackText", out var typed) || typed.ValueKind is JsonValueKind.Null)
            return (null, null);
        if (typed.ValueKind != JsonValueKind.String)
            return (null, "feedbackText must be a string");
        var text = typed.GetString()!.Trim();
        if (text.Length > MaxTextLength)
            return (null, $"feedbackText is {text.Length:N0} characters long; at most {MaxTextLength:N0} are kept");
        return (text.Length > 0 ? text : null, null);
    }
}
