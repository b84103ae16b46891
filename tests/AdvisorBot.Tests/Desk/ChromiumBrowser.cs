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

    /// <summary>A fresh browser with its own empty profile; the caller quits it.</summary>
    public ChromeDriver Start()
    {
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
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
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
