using AdvisorBot.BotFramework;
using AdvisorBot.Desk;
using AdvisorBot.DirectLine;
using AdvisorBot.Core.Conversation;
using AdvisorBot.Core.Feedback;
using AdvisorBot.Core.Search;
using AdvisorBot.Core.Storage;
using AdvisorBot.Slack;
using AdvisorBot.Storage;
using AdvisorBot.Telemetry;
using AdvisorBot.Turns;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Hosting;

/// <summary>The HTTP host: ASP.NET Core minimal APIs, the knowledge loaded once at start-up.</summary>
public static class BotHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = Build(args);
        await app.RunAsync();
        return 0;
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings ship beside the executable; relative paths in them (data/, knowledge/) are
        // resolved from the working directory, as a person running the bot expects.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.Configure<KnowledgeOptions>(builder.Configuration.GetSection(KnowledgeOptions.SectionName));
        builder.Services.Configure<SearchOptions>(builder.Configuration.GetSection("Search"));
        // Passage vectors are cached beside the SQLite file unless a place is given.
        // (Read from configuration rather than the storage options, so that a bad storage setting is
        // reported by storage's own validation, not by the search index being built.)
        var databasePath = builder.Configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.DatabasePath)}"] ?? new StorageOptions().DatabasePath;
        builder.Services.PostConfigure<SearchOptions>(search =>
            search.VectorCache ??= Path.Combine(Path.GetDirectoryName(databasePath) ?? "", SearchOptions.VectorCacheFileName));
        builder.Services.AddSingleton<Stemmer>();
        builder.Services.AddSingleton<KnowledgeProvider>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStateStorage();
        builder.Services.AddTelemetry(builder.Configuration);
        builder.Services.AddSingleton<Func<KnowledgeSnapshot>>(services =>
        {
            var provider = services.GetRequiredService<KnowledgeProvider>();
            return () => provider.Current;
        });
        builder.Services.AddSingleton<QuestionAnswerer>();
        builder.Services.AddGuidedFlow(builder.Configuration);
        builder.Services.AddTurns();
        builder.Services.AddSingleton(services => new ConversationEngine(
            services.GetRequiredService<Func<KnowledgeSnapshot>>(),
            services.GetRequiredService<QuestionAnswerer>(),
            services.GetRequiredService<FeedbackStore>(),
            services.GetService<IConversationFlow>()));
        builder.Services.AddSlack(builder.Configuration);
        builder.Services.AddBotFramework(builder.Configuration);
        builder.Services.AddDirectLine(builder.Configuration);
        builder.Services.AddDesk(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        // Load the knowledge before taking requests: a bad file stops start-up with its name and line.
        var knowledge = app.Services.GetRequiredService<KnowledgeProvider>();
        app.Logger.LogInformation("Knowledge loaded: {Passages} passages from {Articles} articles ({Origin})",
            knowledge.Current.Knowledge.Passages.Count, knowledge.Current.Knowledge.Articles.Count, knowledge.Origin);

        // HEAD as well as GET: load balancers and uptime monitors often probe with HEAD.
        string[] probeMethods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/healthz", probeMethods, () => Results.Ok(new { status = "ok" }));
        app.MapMethods("/readyz", probeMethods, (KnowledgeProvider provider) => Results.Ok(new
        {
            status = "ready",
            passages = provider.Current.Knowledge.Passages.Count,
            articles = provider.Current.Knowledge.Articles.Count,
            fingerprint = provider.Current.Knowledge.Fingerprint,
        }));
        app.MapTelemetry();
        app.MapSlack();
        app.MapBotFramework();
        app.MapDirectLine();
        app.MapDesk();
        return app;
    }
}
