using System.Security.Cryptography;
using System.Text;
using AdvisorBot.Http;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Desk;

/// <summary>
/// Guards every <c>/api/desk</c> endpoint with the configured API key, sent as <c>X-Api-Key</c>
/// or <c>Authorization: Bearer</c>: missing or wrong, 401; no key configured, 503 saying the API is
/// disabled until <c>Desk:ApiKey</c> is set. It runs before the body is read. Keys are compared
/// by their SHA-256 hashes in constant time, so neither the key nor its length leaks through timing.
/// </summary>
public sealed class DeskApiKeyFilter(IOptions<DeskOptions> options, ILogger<DeskApiKeyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var settings = options.Value;
        if (!settings.ApiEnabled)
        {
            return ValueTask.FromResult<object?>(Results.Problem(
                title: "Desk API disabled",
                detail: $"The desk API is disabled until {DeskOptions.SectionName}:{nameof(DeskOptions.ApiKey)} is set (environment variable {DeskOptions.SectionName}__{nameof(DeskOptions.ApiKey)}), a secret of at least {DeskOptions.MinApiKeyLength} characters.",
                statusCode: StatusCodes.Status503ServiceUnavailable));
        }

        var presented = PresentedKey(http.Request);
        if (presented is null || !Matches(presented, settings.ApiKey!))
        {
            logger.LogWarning("Desk API {Method} {Path} from {Client} refused: {Reason}",
                http.Request.Method, http.Request.Path.Value, http.Connection.RemoteIpAddress, presented is null ? "no API key" : "wrong API key");
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(Results.Problem(
                title: "API key required",
                detail: presented is null
                    ? $"Send the desk API key in the {HeaderName} header or as Authorization: Bearer <key>."
                    : "The API key is not valid.",
                statusCode: StatusCodes.Status401Unauthorized));
        }
        return next(context);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[HeaderName];
        if (header.Count == 1 && !string.IsNullOrEmpty(header[0]))
            return header[0];
        return BearerToken.From(request);
    }

    private static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
