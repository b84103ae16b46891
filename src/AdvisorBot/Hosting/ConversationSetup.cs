using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Feedback;
using AdvisorBot.Core.Search;
using AdvisorBot.Core.Storage;
using AdvisorBot.Knowledge;
using AdvisorBot.Storage;
using AdvisorBot.Turns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Hosting;

/// <summary>
/// The bot without any channel: knowledge and search, the state database (SQLite or PostgreSQL) and its stores, feedback, the guided
/// flow, the conversation engine and the one turn runner, each with its options bound and
/// validated. The HTTP host and the command line compose exactly this, so a setting such as
/// <c>Search:DefaultTop</c> means the same everywhere.
/// </summary>
public static class ConversationSetup
{
    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddKnowledge();
        services.AddStateStorage();
        // Passage vectors are cached beside the SQLite file unless a place is given. The path is read
        // as configured, not through the validated storage options, so a bad storage setting is
        // reported by the state database it concerns rather than by the knowledge loaded first.
        services.AddOptions<SearchOptions>().PostConfigure<IConfiguration>((search, configuration) =>
        {
            var databasePath = configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.DatabasePath)}"] is { Length: > 0 } configured
                ? configured
                : new StorageOptions().DatabasePath;
            search.VectorCache ??= Path.Combine(Path.GetDirectoryName(databasePath) ?? "", SearchOptions.VectorCacheFileName);
        });
        services.AddSingleton<QuestionAnswerer>();
        services.AddGuidedFlow();
        services.AddSingleton(provider => new ConversationEngine(
            provider.GetRequiredService<Func<KnowledgeSnapshot>>(),
            provider.GetRequiredService<QuestionAnswerer>(),
            provider.GetRequiredService<FeedbackStore>(),
            provider.GetService<IConversationFlow>()));
        services.AddTurns();
        return services;
    }
}
