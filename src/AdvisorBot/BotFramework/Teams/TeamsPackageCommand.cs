using System.CommandLine;

namespace AdvisorBot.BotFramework.Teams;

/// <summary>The <c>teams-package</c> verb: builds the Teams app zip from deploy/teams.</summary>
public static class TeamsPackageCommand
{
    public const string Name = "teams-package";

    /// <param name="configuration">The executable's configuration, as every verb reads it.</param>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<IConfiguration> configuration)
    {
        var output = new Option<string>("--out", "-o") { Description = "The zip file to write", Required = true };
        var appId = new Option<string?>("--app-id") { Description = "The bot's Microsoft App ID (default: the MicrosoftAppId setting)" };
        var directory = new Option<string?>("--manifest-dir") { Description = "Folder with manifest.json and the icons (default: ./deploy/teams, else the copy beside the executable)" };
        var command = new Command(Name, "Build the Microsoft Teams app package (manifest with the bot id filled in, and icons) as a zip") { output, appId, directory };
        command.SetAction(parse =>
        {
            var settings = configuration();
            var explicitAppId = parse.GetValue(appId);
            string? Setting(string key) => key == "MicrosoftAppId" && !string.IsNullOrWhiteSpace(explicitAppId) ? explicitAppId : settings[key];
            try
            {
                var path = parse.GetValue(output)!;
                var warnings = TeamsAppPackage.Build(ManifestDirectory(parse.GetValue(directory)), Setting, path);
                foreach (var warning in warnings)
                    stderr.WriteLine($"warning: {warning}");
                stdout.WriteLine($"Wrote {Path.GetFullPath(path)}: Teams app for bot {Setting("MicrosoftAppId")!.Trim()}");
                return 0;
            }
            catch (Exception error) when (error is TeamsPackageException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: {error.Message}");
                return 1;
            }
        });
        return command;
    }

    private static string ManifestDirectory(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
            return Path.GetFullPath(given);
        var local = Path.GetFullPath(Path.Combine("deploy", "teams"));
        return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "deploy", "teams");
    }
}
