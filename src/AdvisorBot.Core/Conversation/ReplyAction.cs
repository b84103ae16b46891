using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdvisorBot.Core.Conversation;

/// <summary>
/// What a button of the bot does when clicked: the closed set of actions every channel carries.
/// A reply's buttons hold one of these (<see cref="ReplyChoice.Action"/>); channels put its wire
/// value (<see cref="ReplyActionCodec"/>) on the button and hand it back decoded as
/// <see cref="InboundMessage.Action"/>, so renderers, channels and the engine decide by type and
/// nothing outside the codec reads a value. A new button is a new record here and a line in the codec.
/// </summary>
[JsonConverter(typeof(ReplyActionJsonConverter))]
public abstract record ReplyAction
{
    // Closed: only the records of this file are actions.
    private protected ReplyAction()
    {
    }
}

/// <summary>Ask this question (a suggested question, an example in the help).</summary>
public sealed record AskAction(string Question) : ReplyAction;

/// <summary>Helpful / Not helpful on the answer <paramref name="AnswerId"/>.</summary>
public sealed record RateAnswerAction(string AnswerId, bool Helpful) : ReplyAction;

/// <summary>"More like this" on a passage of an answer: the new answer is recorded under the
/// question that led to <paramref name="AnswerId"/> (null on buttons from before answers were
/// named in them).</summary>
public sealed record MoreLikeAction(string? AnswerId, string PassageId) : ReplyAction;

/// <summary>A button of the guided flow.</summary>
public abstract record FlowAction : ReplyAction
{
    private protected FlowAction()
    {
    }
}

/// <summary>Start the guided flow ("Choose a framework", "Start again").</summary>
public sealed record StartFlowAction : FlowAction
{
    public static readonly StartFlowAction Instance = new();
}

/// <summary>Start the flow under way over.</summary>
public sealed record RestartFlowAction : FlowAction
{
    public static readonly RestartFlowAction Instance = new();
}

/// <summary>Go back to the previous question.</summary>
public sealed record FlowBackAction : FlowAction
{
    public static readonly FlowBackAction Instance = new();
}

/// <summary>Stop the flow and forget its answers.</summary>
public sealed record CancelFlowAction : FlowAction
{
    public static readonly CancelFlowAction Instance = new();
}

/// <summary>Explain the current question (buttons of earlier versions).</summary>
public sealed record FlowHelpAction : FlowAction
{
    public static readonly FlowHelpAction Instance = new();
}

/// <summary>Answer the step <paramref name="Step"/> with its option <paramref name="Option"/>; naming
/// the step lets a click on an old card be recognized as belonging to an earlier question.</summary>
public sealed record FlowAnswerAction(string Step, string Option) : FlowAction;

/// <summary>An action in JSON (a queued job's message) is its wire value, so what was stored
/// before actions were typed reads back the same.</summary>
public sealed class ReplyActionJsonConverter : JsonConverter<ReplyAction>
{
    public override ReplyAction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException("a button action must be a JSON string");
        return ReplyActionCodec.TryDecode(reader.GetString(), out var action, out var problem) ? action : throw new JsonException(problem);
    }

    public override void Write(Utf8JsonWriter writer, ReplyAction value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ReplyActionCodec.Encode(value));
}
