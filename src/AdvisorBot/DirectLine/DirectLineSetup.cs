using AdvisorBot.Http;
using Microsoft.Extensions.Options;

namespace AdvisorBot.DirectLine;

/// <summary>Registers the host's Direct Line 3.0 endpoint (for the support desk's Web Chat) and maps its routes.</summary>
public static class DirectLineSetup
{
    public static IServiceCollection AddDirectLine(this IServiceCollection services)
    {
        services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DirectLineOptions>, DirectLineOptionsValidation>();
        services.AddSingleton<DirectLineConversations>();
        services.AddKeyedSingleton(DirectLineEndpoints.StartRateLimitKey, (provider, _) =>
            new FixedWindowRateLimit(provider.GetRequiredService<IOptions<DirectLineOptions>>().Value.ConversationsPerMinutePerClient, TimeSpan.FromMinutes(1)));
        services.AddKeyedSingleton(DirectLineEndpoints.MessageRateLimitKey, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptions<DirectLineOptions>>().Value;
            return new FixedWindowRateLimit(options.ConversationPermitLimit, options.ConversationWindow);
        });
        services.AddSingleton<DirectLineBot>();
        services.AddTransient<DirectLineEndpoints>();
        return services;
    }

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(DirectLineEndpoints.Prefix).ExcludeFromDescription();
        group.MapPost("/conversations", (HttpContext http, DirectLineEndpoints directLine) => directLine.StartConversation(http));
        group.MapGet("/conversations/{conversationId}", (HttpContext http, string conversationId, DirectLineEndpoints directLine) => directLine.GetConversation(http, conversationId));
        group.MapPost("/tokens/refresh", (HttpContext http, DirectLineEndpoints directLine) => directLine.RefreshToken(http));
        group.MapGet("/conversations/{conversationId}/activities", (HttpContext http, string conversationId, DirectLineEndpoints directLine) => directLine.GetActivities(http, conversationId));
        group.MapPost("/conversations/{conversationId}/activities", (HttpContext http, string conversationId, DirectLineEndpoints directLine) => directLine.PostActivity(http, conversationId));
        return endpoints;
    }
}
