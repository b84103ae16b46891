using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace AdvisorBot.Desk;

/// <summary>Registers the support desk (its API and its OpenAPI document) and maps the page and the API.</summary>
public static class DeskSetup
{
    /// <summary>The OpenAPI document describing the desk API: <c>/openapi/desk.json</c>.</summary>
    public const string OpenApiDocumentName = "desk";

    public static IServiceCollection AddDesk(this IServiceCollection services)
    {
        services.AddOptions<DeskOptions>().BindConfiguration(DeskOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeskOptions>, DeskOptionsValidation>();
        services.AddDeskPageCompression();
        services.AddOpenApi(OpenApiDocumentName, options =>
        {
            options.ShouldInclude = description => description.GroupName == OpenApiDocumentName;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "AdvisorBot support desk API",
                    Version = "1",
                    Description = "Ask questions, give feedback, see what the knowledge base does not answer well, reload the knowledge. "
                        + $"Every call needs the API key (configuration {DeskOptions.SectionName}:{nameof(DeskOptions.ApiKey)}) in the {DeskApiKeyFilter.HeaderName} header or as Authorization: Bearer <key>. "
                        + $"Request bodies are JSON of at most {DeskJsonBody.MaxBytes / 1024} KB.",
                };
                const string scheme = "ApiKey";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = DeskApiKeyFilter.HeaderName,
                    Description = "The desk API key (Desk:ApiKey). Authorization: Bearer <key> works as well.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapDesk(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DeskOptions>>().Value;
        if (!options.ApiEnabled)
            app.Logger.LogWarning("Desk:ApiKey is not set: the desk API under {Prefix} answers 503 until it is. The desk page at / works without it.", DeskApi.Prefix);
        app.MapDeskPage();
        app.MapDeskApi();
        app.MapOpenApi();
        return app;
    }
}
