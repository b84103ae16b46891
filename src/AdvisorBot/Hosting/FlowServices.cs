using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Flow;
using AdvisorBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Hosting;

/// <summary>The guided /choose-framework flow's services: its options ("Flow" section), its state
/// store in the state database, and the flow itself as the engine's <see cref="IConversationFlow"/>.</summary>
public static class FlowServices
{
    public static IServiceCollection AddGuidedFlow(this IServiceCollection services)
    {
        services.AddOptions<FlowOptions>()
            .BindConfiguration(FlowOptions.SectionName)
            .Validate(options => options.Expiry > TimeSpan.Zero, $"{FlowOptions.SectionName}:Expiry must be a positive time span, such as 24:00:00")
            .ValidateOnStart();
        services.AddSingleton(services => new FlowStateStore(
            services.GetRequiredService<StateDatabase>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<IOptions<FlowOptions>>().Value));
        services.AddSingleton<IExpiringStore>(services => services.GetRequiredService<FlowStateStore>());
        services.AddSingleton<IConversationFlow, GuidedFlow>();
        return services;
    }
}
