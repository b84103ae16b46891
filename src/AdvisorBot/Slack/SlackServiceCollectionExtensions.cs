using Microsoft.Extensions.Options;

namespace AdvisorBot.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>The Slack channel's services: options (with Slack's own environment variables),
    /// the Web API client and its per-channel pacing, the request verifier, the event deduplicator,
    /// the queue and its workers.</summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>()
            .Bind(configuration.GetSection(SlackOptions.SectionName))
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.SigningSecret))
                    options.SigningSecret = configuration[SlackOptions.SigningSecretVariable];
                if (string.IsNullOrWhiteSpace(options.BotToken))
                    options.BotToken = configuration[SlackOptions.BotTokenVariable];
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.AddHttpClient<SlackApiClient>(client => client.Timeout = TimeSpan.FromSeconds(15))
            // The default HTTP logging writes request URIs, and a response_url is a credential.
            .RemoveAllLoggers();
        services.AddSingleton<SlackRequestVerifier>();
        services.AddSingleton<SlackEventDeduplicator>();
        services.AddSingleton<SlackChannelPacer>();
        services.AddSingleton<SlackWorkQueue>();
        services.AddTransient<SlackConversation>();
        services.AddHostedService<SlackWorker>();
        return services;
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
