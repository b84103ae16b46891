using AdvisorBot.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AdvisorBot.Telemetry;

/// <summary>Telemetry settings, bound from the "Telemetry" section.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Serve the metrics in Prometheus' text format at <c>/metrics</c>.</summary>
    public bool Prometheus { get; set; }
}

/// <summary>
/// OpenTelemetry for the host: traces of each turn (the HTTP request, the bot's turn, search and
/// the outbound calls that deliver the replies) and the bot's metrics with ASP.NET Core's and
/// HttpClient's. They go over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard
/// <c>OTEL_*</c> variables apply), and to <c>/metrics</c> when <c>Telemetry:Prometheus</c> is true.
/// With neither, nothing is collected.
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);
        var prometheus = configuration.GetValue<bool>($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Prometheus)}");
        if (!otlp && !prometheus)
            return services;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "advisorbot"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(BotTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (prometheus)
                    metrics.AddPrometheusExporter();
            });
        if (otlp)
        {
            // Traces only where something receives them: unexported spans would be cost for nothing.
            telemetry.WithTracing(tracing => tracing
                .AddSource(BotTelemetry.Name)
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !IsProbe(http.Request.Path))
                .AddHttpClientInstrumentation());
            telemetry.UseOtlpExporter();
        }
        return services;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Prometheus)}"))
            app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics");
}
