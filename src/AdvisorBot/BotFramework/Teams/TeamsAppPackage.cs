using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdvisorBot.BotFramework.Teams;

/// <summary>
/// Builds the Teams app package: deploy/teams/manifest.json with its <c>{{MicrosoftAppId}}</c>
/// placeholder filled from configuration (and the developer's pages, when configured), zipped
/// with the colour and outline icons, after
/// checking what Teams checks on upload (ids are GUIDs, icons are PNGs of the right size).
/// </summary>
public static partial class TeamsAppPackage
{
    public const string ManifestFile = "manifest.json";

    /// <summary>The host of the manifest's stand-in developer pages, until the deployer sets real ones.</summary>
    public const string PlaceholderHost = "example.com";

    private static readonly (string Setting, string Property)[] DeveloperUrls =
    [
        ("TeamsAppWebsiteUrl", "websiteUrl"),
        ("TeamsAppPrivacyUrl", "privacyUrl"),
        ("TeamsAppTermsOfUseUrl", "termsOfUseUrl"),
    ];

    /// <summary>Writes the package to <paramref name="outputPath"/>; returns warnings about defaults used.</summary>
    public static IReadOnlyList<string> Build(string manifestDirectory, Func<string, string?> setting, string outputPath)
    {
        var manifestPath = Path.Combine(manifestDirectory, ManifestFile);
        if (!File.Exists(manifestPath))
            throw new TeamsPackageException($"{manifestPath} does not exist (give the folder with --manifest-dir)");

        var warnings = new List<string>();
        var appId = setting("MicrosoftAppId")?.Trim();
        if (string.IsNullOrEmpty(appId))
            throw new TeamsPackageException("MicrosoftAppId is not set: give the Azure Bot's app id with --app-id, the MicrosoftAppId environment variable or appsettings.json");
        if (!Guid.TryParseExact(appId, "D", out _))
            throw new TeamsPackageException($"MicrosoftAppId '{appId}' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), which Teams requires for the bot id");

        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["MicrosoftAppId"] = appId };

        var template = File.ReadAllText(manifestPath);
        var filled = Placeholder().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            if (!values.TryGetValue(name, out var value))
                throw new TeamsPackageException($"{manifestPath} has a placeholder {{{{{name}}}}} that nothing fills");
            // The value goes inside a JSON string: escape it as one.
            return JsonSerializer.Serialize(value)[1..^1];
        });

        JsonNode manifest;
        try
        {
            manifest = JsonNode.Parse(filled) ?? throw new TeamsPackageException($"{manifestPath} is empty");
        }
        catch (JsonException error)
        {
            throw new TeamsPackageException($"{manifestPath} is not valid JSON: {error.Message}");
        }

        // The publisher's pages: set from configuration when given, else kept from the manifest.
        if (manifest["developer"] is not JsonObject developer)
            throw new TeamsPackageException($"{manifestPath} has no developer section");
        foreach (var (key, property) in DeveloperUrls)
        {
            if (setting(key)?.Trim() is { Length: > 0 } url)
                developer[property] = HttpsUrl(key, url);
            else if (Uri.TryCreate(developer[property]?.GetValue<string>(), UriKind.Absolute, out var current) && current.Host == PlaceholderHost)
                warnings.Add($"{key} is not set; the package keeps {current}. Set it before publishing the app to your organisation.");
        }
        filled = manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        var icons = new List<(string Name, int Size)>
        {
            (manifest["icons"]?["color"]?.GetValue<string>() ?? throw new TeamsPackageException("the manifest names no color icon"), 192),
            (manifest["icons"]?["outline"]?.GetValue<string>() ?? throw new TeamsPackageException("the manifest names no outline icon"), 32),
        };
        foreach (var (name, size) in icons)
            CheckIcon(Path.Combine(manifestDirectory, name), size);

        var output = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temporary = output + ".tmp";
        using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Create))
        {
            var entry = zip.CreateEntry(ManifestFile, CompressionLevel.Optimal);
            using (var stream = entry.Open())
                stream.Write(System.Text.Encoding.UTF8.GetBytes(filled));
            foreach (var (name, _) in icons)
                zip.CreateEntryFromFile(Path.Combine(manifestDirectory, name), Path.GetFileName(name), CompressionLevel.Optimal);
        }
        File.Move(temporary, output, overwrite: true);
        return warnings;
    }

    private static string HttpsUrl(string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new TeamsPackageException($"{key} '{value}' is not an https URL");
        return value;
    }

    /// <summary>Teams refuses icons that are not PNGs of exactly the stated size.</summary>
    private static void CheckIcon(string path, int size)
    {
        if (!File.Exists(path))
            throw new TeamsPackageException($"icon {path} does not exist");
        Span<byte> header = stackalloc byte[24];
        using (var file = File.OpenRead(path))
        {
            if (file.Read(header) != header.Length)
                throw new TeamsPackageException($"icon {path} is not a PNG file");
        }
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (!header[..8].SequenceEqual(signature) || !header[12..16].SequenceEqual("IHDR"u8))
            throw new TeamsPackageException($"icon {path} is not a PNG file");
        var width = BinaryPrimitives.ReadInt32BigEndian(header[16..20]);
        var height = BinaryPrimitives.ReadInt32BigEndian(header[20..24]);
        if (width != size || height != size)
            throw new TeamsPackageException($"icon {path} is {width}x{height}; Teams wants {size}x{size}");
    }

    [GeneratedRegex(@"\{\{(?<name>[A-Za-z0-9_:]+)\}\}")]
    private static partial Regex Placeholder();
}

/// <summary>The Teams package cannot be built as configured; the message says why.</summary>
public sealed class TeamsPackageException(string message) : Exception(message);
