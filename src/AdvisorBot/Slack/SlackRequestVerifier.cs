using AdvisorBot.Http;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Slack;

/// <summary>
/// Reads a request's raw body (refusing one larger than Slack ever sends) and checks its Slack
/// signature, before anything looks inside it. A refusal is 401 with no work done.
/// </summary>
public sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackRequestVerifier> logger)
{
    public async Task<(byte[] Body, IResult? Refusal)> ReadVerifiedAsync(HttpContext context, string endpoint)
    {
        var request = context.Request;
        if (await RequestBody.ReadAsync(request, SlackEndpoints.MaxBodyBytes, context.RequestAborted) is not { } body)
            return ([], TooLarge(endpoint, request.ContentLength));

        var check = SlackSignature.Verify(options.Value.SigningSecret!, request.Headers[SlackSignature.TimestampHeader].ToString(),
            request.Headers[SlackSignature.SignatureHeader].ToString(), body, time.GetUtcNow());
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Slack {Endpoint} request refused: {Reason} (from {Remote})", endpoint, check, context.Connection.RemoteIpAddress);
            return (body, Results.Unauthorized());
        }
        return (body, null);
    }

    private IResult TooLarge(string endpoint, long? declaredLength)
    {
        logger.LogWarning("Slack {Endpoint} request refused: body (declared length {Length}) is over {Max} bytes", endpoint, declaredLength, SlackEndpoints.MaxBodyBytes);
        return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
    }
}
