using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace AdvisorBot.Http;

/// <summary>How a channel's outbound calls are retried.</summary>
/// <param name="MaxAttempts">Tries per call, the first included (1: no retry).</param>
/// <param name="FirstDelay">Pause before the first retry when no Retry-After is given; doubles each time.</param>
/// <param name="MaxDelay">Longest pause; a Retry-After beyond it ends the retries instead of being waited out.</param>
/// <param name="AttemptTimeout">How long one try may take.</param>
/// <param name="RetryTimeouts">Whether a try that timed out is tried again (not for calls that may have taken effect).</param>
public sealed record OutboundRetry(int MaxAttempts, TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan AttemptTimeout, bool RetryTimeouts);

/// <summary>
/// The outbound calls of the channels (the Bot Connector, Slack's Web API) on the standard
/// resilience handler of Microsoft.Extensions.Http.Resilience: 429 retried after its Retry-After,
/// server errors and failed connections after a doubling pause, a bounded number of tries, each
/// with its own timeout. A Retry-After longer than the channel waits ends the retries at once.
/// A single request can opt out of retries (<see cref="WithoutRetry"/>).
/// </summary>
public static class OutboundResilience
{
    private static readonly HttpRequestOptionsKey<bool> NoRetry = new("AdvisorBot.NoRetry");

    public static IHttpClientBuilder AddOutboundResilience(this IHttpClientBuilder builder, Func<IServiceProvider, OutboundRetry> retry)
    {
        builder.AddStandardResilienceHandler().Configure((options, services) =>
        {
            var policy = retry(services);
            var time = services.GetRequiredService<TimeProvider>();
            options.AttemptTimeout.Timeout = policy.AttemptTimeout;
            options.TotalRequestTimeout.Timeout = (policy.AttemptTimeout + policy.MaxDelay) * policy.MaxAttempts;
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, policy.AttemptTimeout.Ticks * 2));
            options.Retry.MaxRetryAttempts = Math.Max(1, policy.MaxAttempts - 1);
            options.Retry.BackoffType = DelayBackoffType.Exponential;
            options.Retry.UseJitter = false;
            options.Retry.Delay = policy.FirstDelay;
            options.Retry.MaxDelay = policy.MaxDelay;
            options.Retry.ShouldRetryAfterHeader = true;
            options.Retry.ShouldHandle = args => ValueTask.FromResult(
                policy.MaxAttempts > 1
                && !(args.Context.GetRequestMessage()?.Options.TryGetValue(NoRetry, out var once) == true && once)
                && IsRetryable(args.Outcome, policy, time));
        });
        return builder;
    }

    /// <summary>Marks <paramref name="request"/> to be tried once only (a typing indicator is not worth a retry).</summary>
    public static HttpRequestMessage WithoutRetry(this HttpRequestMessage request)
    {
        request.Options.Set(NoRetry, true);
        return request;
    }

    /// <summary>How long a response asks the caller to wait (Retry-After), if it says.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.RetryAfter is not { } header)
            return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : null);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static bool IsRetryable(Outcome<HttpResponseMessage> outcome, OutboundRetry policy, TimeProvider time) => outcome switch
    {
        { Exception: HttpRequestException } => true,
        { Exception: TimeoutRejectedException } => policy.RetryTimeouts,
        { Result: { } response } when response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500 =>
            RetryAfter(response, time) is not { } wait || wait <= policy.MaxDelay,
        _ => false,
    };
}
