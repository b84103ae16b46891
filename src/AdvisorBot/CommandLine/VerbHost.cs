using AdvisorBot.Hosting;
using AdvisorBot.Knowledge;
using Microsoft.Extensions.Options;

namespace AdvisorBot.CommandLine;

/// <summary>
/// What the command-line verbs run on: a plain generic host (never started, no web server) with
/// the same configuration as <c>serve</c> (appsettings.json beside the executable, then environment
/// variables, then the verb's own options such as <c>--knowledge</c>) and the same composition
/// (<see cref="ConversationSetup.AddConversation"/>). Every setting is validated before the verb
/// runs, so a bad value stops it with the setting named, as it stops the server.
/// </summary>
public static class VerbHost
{
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides, TextWriter stderr, Action<IServiceCollection>? services = null)
    {
        var builder = Builder(overrides);
        // Standard output is the verb's; the host's warnings and errors go to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new StandardErrorLogger(stderr));
        builder.Services.AddConversation();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            // Several settings wrong at once are all named (StartupErrors says them as one line).
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }

    /// <summary>The verbs' configuration alone, for a verb that needs no more (teams-package).</summary>
    public static IConfiguration Configuration() => Builder(new Dictionary<string, string?>()).Configuration;

    private static HostApplicationBuilder Builder(IReadOnlyDictionary<string, string?> overrides)
    {
        // As the server: appsettings.json beside the executable, then environment variables.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(overrides);
        return builder;
    }

    /// <summary>The configuration keys the verbs' --knowledge and --index options stand for.</summary>
    public static Dictionary<string, string?> KnowledgeOverrides(string? knowledgeDirectory, string? indexFile)
    {
        var overrides = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(knowledgeDirectory))
            overrides[$"{KnowledgeOptions.SectionName}:{nameof(KnowledgeOptions.Directory)}"] = knowledgeDirectory;
        if (!string.IsNullOrWhiteSpace(indexFile))
            overrides[$"{KnowledgeOptions.SectionName}:{nameof(KnowledgeOptions.IndexFile)}"] = indexFile;
        return overrides;
    }

    /// <summary>Where the articles are, as the host would look for them.</summary>
    public static string KnowledgeDirectory(IHost host) => host.Services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.ResolveDirectory();
}
