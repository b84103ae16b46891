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
        if (request.ContentLength > SlackEndpoints.MaxBodyBytes)
            return ([], TooLarge(endpoint, request.ContentLength.Value));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > SlackEndpoints.MaxBodyBytes)
                return ([], TooLarge(endpoint, buffer.Length + read));
            buffer.Write(chunk, 0, read);
        }
        var body = buffer.ToArray();

        var check = SlackSignature.Verify(options.Value.SigningSecret!, request.Headers[SlackSignature.TimestampHeader].ToString(),
            request.Headers[SlackSignature.SignatureHeader].ToString(), body, time.GetUtcNow());
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Slack {Endpoint} request refused: {Reason} (from {Remote})", endpoint, check, context.Connection.RemoteIpAddress);
            return (body, Results.Unauthorized());
        }
        return (body, null);
    }

    private IResult TooLarge(string endpoint, long length)
    {
        logger.LogWarning("Slack {Endpoint} request refused: body of {Length} bytes is over {Max}", endpoint, length, SlackEndpoints.MaxBodyBytes);
        return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
    }
}
