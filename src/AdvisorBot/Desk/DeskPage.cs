using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;

namespace AdvisorBot.Desk;

/// <summary>
/// The support desk page at <c>/</c>: a static page running Microsoft's Web Chat against the host's
/// own Direct Line endpoint. Everything it loads comes from the host (<c>/desk/...</c>, copied
/// beside the executable by the build, Web Chat's bundle included), so it works without internet.
/// </summary>
public static class DeskPage
{
    public const string AssetsPath = "/desk";

    /// <summary>
    /// Scripts only from the host itself: no inline script, no eval, nothing from elsewhere. Web Chat
    /// and its Adaptive Cards renderer set inline styles, hence 'unsafe-inline' for styles only;
    /// a style cannot run script. Data and blob images are Web Chat's own avatars and icons.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; media-src 'self' data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Where the page and its assets are: <c>desk/</c> beside the executable.</summary>
    public static string ContentDirectory => Path.Combine(AppContext.BaseDirectory, "desk");

    /// <summary>
    /// Brotli or gzip for the page and its assets (Web Chat's bundle is 3.9 MB as it comes from npm),
    /// with ASP.NET Core's response compression. Only these static files are compressed: the APIs
    /// answer with tokens and people's questions, which compression must not mix (BREACH), so it
    /// is on for HTTPS here and nowhere else. "Optimal" is Brotli quality 4: a fraction of the
    /// size for tens of milliseconds of CPU per full download; revalidations get 304 with no body.
    /// </summary>
    public static IServiceCollection AddDeskPageCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "image/svg+xml"];
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>The page itself and everything under <see cref="AssetsPath"/>.</summary>
    private static bool IsPageOrAsset(PathString path) => path == "/" || path.StartsWithSegments(AssetsPath);

    public static WebApplication MapDeskPage(this WebApplication app)
    {
        var directory = ContentDirectory;
        if (!File.Exists(Path.Combine(directory, "webchat.js")))
        {
            app.Logger.LogError("The desk page's Web Chat bundle is missing from {Directory}: the page at / will not work. Build the project with npm available (the build runs npm ci in src/AdvisorBot/Desk/client).", directory);
        }

        // Cheap, safe defaults for every response: no MIME sniffing, no referrer leaking the page's URL.
        app.Use(async (context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });

        app.UseWhen(context => IsPageOrAsset(context.Request.Path), page => page.UseResponseCompression());

        if (Directory.Exists(directory))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(directory),
                RequestPath = AssetsPath,
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
            });
        }

        // HEAD as well as GET: link checkers and uptime monitors ask for the headers only.
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) =>
        {
            var page = Path.Combine(directory, "index.html");
            if (!File.Exists(page))
                return Results.Problem(title: "Desk page missing", detail: $"{page} is not there; rebuild the project.", statusCode: StatusCodes.Status500InternalServerError);
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.CacheControl = "no-cache";
            return Results.File(page, "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
