using AdvisorBot.Http;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Slack;

/// <summary>Registers the Slack channel and maps its endpoints.</summary>
public static class SlackSetup
{
    /// <summary>The Slack channel's services: options (with Slack's own environment variables),
    /// the Web API client and its per-channel pacing, the request verifier, the durable queue and its
    /// workers (de-duplication and the queue live in the state database: see Storage).</summary>
    public static IServiceCollection AddSlack(this IServiceCollection services)
    {
        services.AddOptions<SlackOptions>()
            .BindConfiguration(SlackOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.SigningSecret))
                    options.SigningSecret = configuration[SlackOptions.SigningSecretVariable];
                if (string.IsNullOrWhiteSpace(options.BotToken))
                    options.BotToken = configuration[SlackOptions.BotTokenVariable];
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        // Each try has its own timeout in the resilience handler; the client waits as long as the retries take.
        services.AddHttpClient<SlackApiClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddOutboundResilience(_ => SlackApiClient.Retry)
            // The default HTTP logging writes request URIs, and a response_url is a credential.
            .RemoveAllLoggers();
        services.AddSingleton<SlackRequestVerifier>();
        services.AddSingleton<SlackChannelPacer>();
        services.AddSingleton<SlackWorkQueue>();
        services.AddTransient<SlackConversation>();
        services.AddHostedService<SlackWorker>();
        return services;
    }

    /// <summary>Maps the Slack endpoints, when a signing secret is configured; otherwise they
    /// do not exist (404), since unsigned requests could not be trusted.</summary>
    public static WebApplication MapSlack(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SlackOptions>>().Value;
        if (!options.Enabled)
        {
            app.Logger.LogInformation("Slack endpoints off: no signing secret ({Section}:SigningSecret or {Variable})", SlackOptions.SectionName, SlackOptions.SigningSecretVariable);
            return app;
        }
        if (string.IsNullOrWhiteSpace(options.BotToken))
            app.Logger.LogWarning("Slack bot token not set ({Section}:BotToken or {Variable}): questions cannot be answered, only button clicks", SlackOptions.SectionName, SlackOptions.BotTokenVariable);
        app.MapPost(SlackEndpoints.EventsPath, SlackEndpoints.EventsAsync);
        app.MapPost(SlackEndpoints.CommandsPath, SlackEndpoints.CommandsAsync);
        app.MapPost(SlackEndpoints.InteractionsPath, SlackEndpoints.InteractionsAsync);
        app.Logger.LogInformation("Slack endpoints on: {Events}, {Commands}, {Interactions}", SlackEndpoints.EventsPath, SlackEndpoints.CommandsPath, SlackEndpoints.InteractionsPath);
        return app;
    }

    /// <summary>Names every problem with the settings, not just that there is one.</summary>
    private sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
    {
        public ValidateOptionsResult Validate(string? name, SlackOptions options)
        {
            var problems = options.Validate().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
