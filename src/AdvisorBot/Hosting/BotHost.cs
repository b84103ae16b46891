using AdvisorBot.BotFramework;
using AdvisorBot.Core.Storage;
using AdvisorBot.Desk;
using AdvisorBot.DirectLine;
using AdvisorBot.Knowledge;
using AdvisorBot.Slack;
using AdvisorBot.Telemetry;
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
        builder.Services.AddConversation();
        builder.Services.AddKnowledgeWatch();
        builder.Services.AddTelemetry(builder.Configuration);
        builder.Services.AddSlack();
        builder.Services.AddBotFramework();
        builder.Services.AddDirectLine();
        builder.Services.AddDesk();
        // Every error over HTTP is a problem details body; an unexpected one never shows its exception.
        builder.Services.AddProblemDetails();
        configure?.Invoke(builder);

        var app = builder.Build();
        // Every setting is checked, and the state database opened (and migrated), before anything
        // else is done: a setting that cannot work or a database that refuses the bot stops
        // start-up at once with one clear error, rather than halfway through.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        app.Services.GetRequiredService<StateDatabase>();
        // Load the knowledge before taking requests: a bad file stops start-up with its name and line.
        var knowledge = app.Services.GetRequiredService<KnowledgeProvider>();
        app.Logger.LogInformation("Knowledge loaded: {Passages} passages from {Articles} articles ({Origin})",
            knowledge.Current.Knowledge.Passages.Count, knowledge.Current.Knowledge.Articles.Count, knowledge.Origin);

        app.UseExceptionHandler();
        app.UseStatusCodePages();

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
