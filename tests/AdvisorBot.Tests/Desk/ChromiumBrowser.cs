using System.Diagnostics;
using AdvisorBot.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace AdvisorBot.Tests.Desk;

/// <summary>
/// Debian's Chromium, headless, driven by its own chromedriver through Selenium. The fixture
/// installs both first if they are missing (tests/browser/install-chromium.sh: apt-get, as root).
/// </summary>
public sealed class ChromiumBrowser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverDirectory = "/usr/bin";
    public const string DriverName = "chromedriver";

    private readonly List<TempDirectory> _profiles = [];

    public ChromiumBrowser() => Install();

    /// <summary>A fresh browser with its own empty profile, its page <paramref name="viewport"/> in
    /// size (desktop unless said); the caller quits it.</summary>
    public ChromeDriver Start(Viewport? viewport = null)
    {
        var size = viewport ?? Viewport.Desktop;
        var profile = new TempDirectory();
        lock (_profiles)
            _profiles.Add(profile);
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,1000", $"--user-data-dir={profile.Path}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(DriverDirectory, DriverName);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        // The window's size counts the browser's own bars and cannot go below 500 px wide, so the
        // page's size is set as DevTools' device emulation does: exactly, and as a phone when narrow.
        driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = size.Width,
            ["height"] = size.Height,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = size.IsPhone,
        });
        return driver;
    }

    private static void Install()
    {
        var script = Path.Combine(RepositoryPaths.Root, "tests", "browser", "install-chromium.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{script} did not finish within 10 minutes");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}:\n{output.Result}\n{error.Result}");
    }

    public void Dispose()
    {
        lock (_profiles)
        {
            foreach (var profile in _profiles)
                profile.Dispose();
        }
    }
}

/// <summary>The size of the page in the browser: a laptop screen, or a phone held upright.</summary>
public sealed record Viewport(string Name, int Width, int Height)
{
    public static Viewport Desktop { get; } = new("desktop", 1280, 800);

    /// <summary>A 6.1" phone (iPhone 12 to 15) in CSS pixels.</summary>
    public static Viewport Phone { get; } = new("phone", 390, 844);

    public bool IsPhone => Width < 600;

    public override string ToString() => $"{Name} {Width}x{Height}";
}
