using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Feedback;
using AdvisorBot.Core.Storage;
using AdvisorBot.Knowledge;
using AdvisorBot.Turns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Hosting;

/// <summary>
/// The bot without any channel: knowledge and search, the embedded store, feedback, the guided
/// flow, the conversation engine and the one turn runner, each with its options bound and
/// validated. The HTTP host and the command line compose exactly this, so a setting such as
/// <c>Search:DefaultTop</c> means the same everywhere.
/// </summary>
public static class ConversationSetup
{
    public const string StorageSection = "Storage";

    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddKnowledge();
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageSection)
            .Validate(options => !string.IsNullOrWhiteSpace(options.DatabasePath) && options.DatabasePath.IndexOfAny(Path.GetInvalidPathChars()) < 0,
                $"{StorageSection}:{nameof(StorageOptions.DatabasePath)} must name a file, such as data/advisorbot.db.")
            .ValidateOnStart();
        services.AddSingleton(provider => new SqliteDatabase(provider.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath));
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<QuestionAnswerer>();
        services.AddGuidedFlow();
        services.AddSingleton(provider => new ConversationEngine(
            provider.GetRequiredService<Func<Core.Search.KnowledgeSnapshot>>(),
            provider.GetRequiredService<QuestionAnswerer>(),
            provider.GetRequiredService<FeedbackStore>(),
            provider.GetService<IConversationFlow>()));
        services.AddTurns();
        return services;
    }
}
