using AdvisorBot.Core.Feedback;
using AdvisorBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Storage;

/// <summary>
/// The state database and its stores: the embedded SQLite file by default, PostgreSQL when
/// <c>Storage:Provider</c> is <c>PostgreSql</c> (connection string <c>ConnectionStrings:AdvisorBot</c>).
/// The schema is migrated before the host takes requests, and expired rows are purged in the background.
/// </summary>
public static class StorageSetup
{
    public static IServiceCollection AddStateStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => !string.IsNullOrWhiteSpace(options.DatabasePath) && options.DatabasePath.IndexOfAny(Path.GetInvalidPathChars()) < 0,
                $"{StorageOptions.SectionName}:{nameof(StorageOptions.DatabasePath)} must name a file, such as data/advisorbot.db.")
            .Validate<IConfiguration>((options, configuration) => options.Provider != StorageProvider.PostgreSql
                    || !string.IsNullOrWhiteSpace(configuration.GetConnectionString(StorageOptions.ConnectionStringName)),
                $"{StorageOptions.SectionName}:Provider is PostgreSql, so ConnectionStrings:{StorageOptions.ConnectionStringName} must be set (for example Host=db;Database=advisorbot;Username=advisorbot;Password=...)")
            .ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            var database = StateDatabase.Create(options, provider.GetRequiredService<IConfiguration>().GetConnectionString(StorageOptions.ConnectionStringName));
            database.EnsureMigrated();
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageSetup))
                .LogInformation("State database: {Provider} at {Location}, schema version {Version}", database.Provider, database.Location, database.SchemaVersion);
            return database;
        });
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<InboundClaims>();
        services.AddSingleton<WorkQueue>();
        services.AddSingleton(provider => new HostedConversationStore(provider.GetRequiredService<StateDatabase>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IExpiringStore>(provider => provider.GetRequiredService<InboundClaims>());
        services.AddSingleton<IExpiringStore>(provider => provider.GetRequiredService<WorkQueue>());
        services.AddSingleton<IExpiringStore>(provider => provider.GetRequiredService<HostedConversationStore>());
        services.AddHostedService<StoragePurgeService>();
        return services;
    }
}
