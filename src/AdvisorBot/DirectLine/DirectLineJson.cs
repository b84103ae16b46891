using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdvisorBot.DirectLine;

/// <summary>The Direct Line 3.0 response bodies, named as the protocol names them.</summary>
public static class DirectLineJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>A conversation as <c>POST /v3/directline/conversations</c> and token refresh return it.</summary>
public sealed record ConversationResponse(
    string ConversationId,
    string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>What <c>GET .../activities</c> returns: the new activities and the watermark to ask with next.</summary>
public sealed record ActivitySet(IReadOnlyList<JsonElement> Activities, string Watermark);

/// <summary>The id given to a posted activity.</summary>
public sealed record ResourceResponse(string Id);

/// <summary>Direct Line's error body: <c>{"error": {"code", "message"}}</c>.</summary>
public sealed record ErrorResponse(ErrorDetail Error);

public sealed record ErrorDetail(string Code, string Message);
