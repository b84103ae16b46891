using AdvisorBot.BotFramework.Authentication;
using AdvisorBot.BotFramework.Configuration;
using AdvisorBot.BotFramework.Connector;
using AdvisorBot.Http;
using Microsoft.Extensions.Options;

namespace AdvisorBot.BotFramework;

/// <summary>Registers the Bot Framework channel (Teams, Web Chat, Direct Line, Emulator) and maps its endpoint.</summary>
public static class BotFrameworkSetup
{
    /// <summary>How long one connector call may take before it is tried again.</summary>
    public static readonly TimeSpan ConnectorAttemptTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long one token request may take before it is tried again.</summary>
    public static readonly TimeSpan TokenAttemptTimeout = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddBotFramework(this IServiceCollection services)
    {
        // The Bot Framework names live at the top level, so plain environment variables work.
        services.AddOptions<BotFrameworkOptions>().BindConfiguration("").ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidation>();
        services.AddOptions<BotFrameworkLimits>().BindConfiguration(BotFrameworkLimits.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotFrameworkLimits>, BotFrameworkLimitsValidation>();

        services.AddHttpClient(BotSigningKeys.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(10);
            client.MaxResponseContentBufferSize = 1024 * 1024;
        });
        // The bot's token (MSAL's calls) is retried as the connector calls are: a reply must not be
        // lost to one failed token request. Asking again for a client-credentials token is harmless.
        // Each try has its own timeout in the resilience handler; the client itself waits as long as the retries take.
        services.AddHttpClient(BotAccessTokenProvider.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = 256 * 1024;
            })
            .AddOutboundResilience(provider => RetryPolicy(provider, TokenAttemptTimeout));
        services.AddHttpClient<ConnectorClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddOutboundResilience(provider => RetryPolicy(provider, ConnectorAttemptTimeout));

        services.AddSingleton<BotSigningKeys>();
        services.AddSingleton<BotTokenValidator>();
        services.AddSingleton<BotAccessTokenProvider>();
        services.AddKeyedSingleton(ActivityEndpoint.RateLimitKey, (provider, _) =>
        {
            var limits = provider.GetRequiredService<IOptions<BotFrameworkLimits>>().Value;
            return new FixedWindowRateLimit(limits.ConversationPermitLimit, limits.ConversationWindow);
        });
        services.AddTransient<BotTurns>();
        services.AddTransient<ActivityEndpoint>();
        return services;
    }

    /// <summary>BotFramework:Outbound* for one kind of call.</summary>
    private static OutboundRetry RetryPolicy(IServiceProvider provider, TimeSpan attemptTimeout)
    {
        var limits = provider.GetRequiredService<IOptions<BotFrameworkLimits>>().Value;
        return new OutboundRetry(limits.OutboundMaxAttempts, limits.OutboundRetryDelay, limits.OutboundMaxRetryDelay, attemptTimeout, RetryTimeouts: true);
    }

    public static IEndpointRouteBuilder MapBotFramework(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotFrameworkSetup).Namespace!);
        if (options.IsAnonymous)
        {
            logger.LogWarning("MicrosoftAppId is not set: {Route} runs in local anonymous mode. Activities without a token are accepted and replies carry no token. Use this only with the Emulator or locally; set MicrosoftAppId and MicrosoftAppPassword for Teams.",
                ActivityEndpoint.Route);
        }
        else
        {
            logger.LogInformation("Bot Framework endpoint {Route} for app {AppId} ({AppType})", ActivityEndpoint.Route, options.MicrosoftAppId, options.AppType);
        }
        endpoints.MapPost(ActivityEndpoint.Route, (HttpContext http, ActivityEndpoint endpoint) => endpoint.HandleAsync(http));
        return endpoints;
    }
}
