using System.Text.Json;
using AdvisorBot.Http;

namespace AdvisorBot.Desk;

/// <summary>
/// Reads a desk API request body: JSON only (415 otherwise), at most 64 KB (413, checked on the
/// declared length and again while reading, since a chunked body declares none), valid JSON of the
/// expected shape with no field it does not read (400 naming what is wrong).
/// </summary>
public static class DeskJsonBody
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>A field the endpoint does not read is refused by name, not ignored: a misspelt
    /// "comments" would otherwise drop the comment without a word.</summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (request.ContentLength > MaxBytes)
            return (null, TooLarge());
        if (!request.HasJsonContentType())
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Send the body as JSON, with Content-Type: application/json."));

        var body = await RequestBody.ReadAsync(request, MaxBytes, cancellationToken);
        if (body is null)
            return (null, TooLarge());
        if (body.Length == 0)
            return (null, BadRequest("The body is empty: send a JSON object."));

        var (value, problem) = JsonBodyError.Read<T>(body, Options);
        if (problem is not null)
            return (null, BadRequest(problem));
        return value is null ? (null, BadRequest("The body must be a JSON object, not null.")) : (value, null);
    }

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static IResult Problem(int status, string title, string detail) => Results.Problem(detail: detail, statusCode: status, title: title);

    private static IResult TooLarge() =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A request body may be at most {MaxBytes / 1024} KB.");
}
