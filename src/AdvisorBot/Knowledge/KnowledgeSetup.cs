using AdvisorBot.Core.Search;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Knowledge;

/// <summary>The knowledge lifecycle: where it comes from and how it is searched ("Knowledge" and
/// "Search" sections), the snapshot every answer reads, and, for the server, the watch that
/// reloads it when its files change.</summary>
public static class KnowledgeSetup
{
    /// <summary>The knowledge and search settings, validated, and the provider of the current snapshot:
    /// the same for the HTTP host and every command-line verb.</summary>
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddOptions<KnowledgeOptions>()
            .BindConfiguration(KnowledgeOptions.SectionName)
            .Validate(options => options.WatchDebounce >= TimeSpan.Zero && options.WatchDebounce <= TimeSpan.FromMinutes(1),
                $"{KnowledgeOptions.SectionName}:{nameof(KnowledgeOptions.WatchDebounce)} must be from 00:00:00 to 00:01:00.")
            .Validate(options => options.RetireAfter >= TimeSpan.Zero && options.RetireAfter <= TimeSpan.FromHours(1),
                $"{KnowledgeOptions.SectionName}:{nameof(KnowledgeOptions.RetireAfter)} must be from 00:00:00 to 01:00:00.")
            .ValidateOnStart();
        services.AddOptions<SearchOptions>().BindConfiguration(SearchSection).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SearchOptions>, SearchOptionsValidation>();
        services.AddSingleton<KnowledgeProvider>();
        services.AddSingleton<Func<KnowledgeSnapshot>>(provider =>
        {
            var knowledge = provider.GetRequiredService<KnowledgeProvider>();
            return () => knowledge.Current;
        });
        return services;
    }

    /// <summary>Reloads the knowledge when its files change (the server only).</summary>
    public static IServiceCollection AddKnowledgeWatch(this IServiceCollection services) =>
        services.AddHostedService<KnowledgeWatcher>();

    public const string SearchSection = "Search";

    /// <summary>Refuses search settings that could not work, naming each.</summary>
    private sealed class SearchOptionsValidation : IValidateOptions<SearchOptions>
    {
        public const int MaxDefaultTop = SearchOptions.MaxTop;
        private const int MaxQuestionBatchSize = 256;
        private const int MaxQuestionCacheSize = 1_000_000;
        private const int MaxQuestionWorkers = 64;
        private static readonly TimeSpan MaxQuestionBatchWait = TimeSpan.FromMilliseconds(100);

        public ValidateOptionsResult Validate(string? name, SearchOptions options)
        {
            var errors = new List<string>();
            if (options.DefaultTop is < 1 or > MaxDefaultTop)
                errors.Add($"{SearchSection}:{nameof(SearchOptions.DefaultTop)} must be from 1 to {MaxDefaultTop}, not {options.DefaultTop}.");
            if (double.IsNaN(options.MinConfidence) || options.MinConfidence is < 0 or > 1)
                errors.Add($"{SearchSection}:{nameof(SearchOptions.MinConfidence)} must be from 0 to 1, not {options.MinConfidence}.");
            else if (double.IsNaN(options.HedgeBelow) || options.HedgeBelow < options.MinConfidence || options.HedgeBelow > 1)
                errors.Add($"{SearchSection}:{nameof(SearchOptions.HedgeBelow)} must be from {SearchSection}:{nameof(SearchOptions.MinConfidence)} ({options.MinConfidence}) to 1, not {options.HedgeBelow}.");
            if (double.IsNaN(options.FullCoverage) || options.FullCoverage is <= 0 or > 1)
                errors.Add($"{SearchSection}:{nameof(SearchOptions.FullCoverage)} must be above 0 and at most 1, not {options.FullCoverage}.");
            if (options.QuestionBatchSize is < 1 or > MaxQuestionBatchSize)
                errors.Add($"{SearchSection}:{nameof(SearchOptions.QuestionBatchSize)} must be from 1 to {MaxQuestionBatchSize}, not {options.QuestionBatchSize}.");
            if (options.QuestionBatchWait < TimeSpan.Zero || options.QuestionBatchWait > MaxQuestionBatchWait)
                errors.Add($"{SearchSection}:{nameof(SearchOptions.QuestionBatchWait)} must be from 00:00:00 to {MaxQuestionBatchWait}, not {options.QuestionBatchWait}.");
            if (options.QuestionCacheSize is < 0 or > MaxQuestionCacheSize)
                errors.Add($"{SearchSection}:{nameof(SearchOptions.QuestionCacheSize)} must be from 0 to {MaxQuestionCacheSize}, not {options.QuestionCacheSize}.");
            if (options.QuestionWorkers is < 1 or > MaxQuestionWorkers)
                errors.Add($"{SearchSection}:{nameof(SearchOptions.QuestionWorkers)} must be from 1 to {MaxQuestionWorkers}, not {options.QuestionWorkers}.");
            // The int8 model is a variant of the one search by meaning runs: asked for without it,
            // the setting would silently do nothing.
            if (options.QuantizedModel && !options.Semantic)
                errors.Add($"{SearchSection}:{nameof(SearchOptions.QuantizedModel)} needs {SearchSection}:{nameof(SearchOptions.Semantic)} on: it chooses the model that search by meaning runs.");
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
