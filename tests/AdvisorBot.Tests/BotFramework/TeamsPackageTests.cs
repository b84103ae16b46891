using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdvisorBot.BotFramework.Teams;
using AdvisorBot.CommandLine;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>The teams-package verb: the manifest with the bot id filled in, zipped with its icons,
/// as Teams accepts it (checked here against the rules of the v1.29 manifest schema that apply).</summary>
public partial class TeamsPackageTests
{
    private const string AppId = "0f3b9a52-7c1d-4e8a-9b6f-2d4c8e1a7b30";

    private static string ManifestDirectory => Path.Combine(RepositoryPaths.Root, "deploy", "teams");

    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Cli.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task The_package_holds_the_manifest_with_the_bot_id_and_both_icons()
    {
        using var output = new TempDirectory();
        var zipPath = Path.Combine(output.Path, "out", "advisorbot.zip");

        var (exit, stdout, _) = await RunAsync("teams-package", "--out", zipPath, "--app-id", AppId, "--manifest-dir", ManifestDirectory);

        Assert.Equal(0, exit);
        Assert.Contains(AppId, stdout);
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(entry => entry.FullName).Order());
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var root = manifest.RootElement;
        Assert.Equal("1.29", root.GetProperty("manifestVersion").GetString());
        var bot = Assert.Single(root.GetProperty("bots").EnumerateArray());
        Assert.Equal(AppId, bot.GetProperty("botId").GetString());
        var commands = bot.GetProperty("commandLists")[0].GetProperty("commands").EnumerateArray().Select(command => command.GetProperty("title").GetString());
        Assert.Equal(["help", "choose-framework"], commands);
        Assert.DoesNotContain("{{", manifest.RootElement.GetRawText());
        Assert.Empty(ManifestProblems(root));
        Assert.Equal((192, 192), PngSize(zip.GetEntry("color.png")!));
        Assert.Equal((32, 32), PngSize(zip.GetEntry("outline.png")!));
    }

    [Fact]
    public async Task Configured_developer_pages_replace_the_stand_ins_and_the_stand_ins_are_warned_about()
    {
        using var output = new TempDirectory();
        var zipPath = Path.Combine(output.Path, "advisorbot.zip");

        var (_, _, warnings) = await RunAsync("teams-package", "--out", zipPath, "--app-id", AppId, "--manifest-dir", ManifestDirectory);

        Assert.Contains("TeamsAppWebsiteUrl is not set", warnings);
        Assert.Contains("TeamsAppPrivacyUrl is not set", warnings);
    }

    [Fact]
    public async Task A_malformed_app_id_is_refused_clearly_and_nothing_is_written()
    {
        using var output = new TempDirectory();
        var zipPath = Path.Combine(output.Path, "advisorbot.zip");

        var (exit, _, error) = await RunAsync("teams-package", "--out", zipPath, "--app-id", "not-a-guid", "--manifest-dir", ManifestDirectory);

        Assert.Equal(1, exit);
        Assert.Contains("'not-a-guid' is not a GUID", error);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public void Without_an_app_id_the_package_is_refused_with_where_to_set_it()
    {
        using var output = new TempDirectory();
        var zipPath = Path.Combine(output.Path, "advisorbot.zip");

        var error = Assert.Throws<TeamsPackageException>(() => TeamsAppPackage.Build(ManifestDirectory, _ => null, zipPath));

        Assert.Contains("MicrosoftAppId is not set", error.Message);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public void Configured_developer_pages_go_into_the_manifest()
    {
        using var output = new TempDirectory();
        var zipPath = Path.Combine(output.Path, "advisorbot.zip");
        var settings = new Dictionary<string, string>
        {
            ["MicrosoftAppId"] = AppId,
            ["TeamsAppWebsiteUrl"] = "https://advisor.contoso.com/",
            ["TeamsAppPrivacyUrl"] = "https://contoso.com/privacy",
            ["TeamsAppTermsOfUseUrl"] = "https://contoso.com/terms",
        };

        var warnings = TeamsAppPackage.Build(ManifestDirectory, key => settings.GetValueOrDefault(key), zipPath);

        Assert.Empty(warnings);
        using var zip = ZipFile.OpenRead(zipPath);
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var developer = manifest.RootElement.GetProperty("developer");
        Assert.Equal("https://advisor.contoso.com/", developer.GetProperty("websiteUrl").GetString());
        Assert.Equal("https://contoso.com/privacy", developer.GetProperty("privacyUrl").GetString());
        Assert.Equal("https://contoso.com/terms", developer.GetProperty("termsOfUseUrl").GetString());
    }

    [Fact]
    public void The_outline_icon_is_white_on_transparent_as_Teams_requires()
    {
        var pixels = PngPixels(File.ReadAllBytes(Path.Combine(ManifestDirectory, "outline.png")), 32);

        Assert.All(pixels, pixel => Assert.True(pixel.A == 0 || (pixel.R, pixel.G, pixel.B) == (255, 255, 255), $"pixel {pixel}"));
        Assert.Contains(pixels, pixel => pixel.A == 255);
        Assert.Contains(pixels, pixel => pixel.A == 0);
    }

    /// <summary>The v1.29 schema's rules for the fields the manifest uses.</summary>
    private static List<string> ManifestProblems(JsonElement root)
    {
        var problems = new List<string>();
        foreach (var required in new[] { "manifestVersion", "version", "id", "developer", "name", "description", "icons", "accentColor" })
        {
            if (!root.TryGetProperty(required, out _))
                problems.Add($"missing {required}");
        }
        if (!Guid().IsMatch(root.GetProperty("id").GetString()!))
            problems.Add("id is not a GUID");
        if (!SemVer().IsMatch(root.GetProperty("version").GetString()!))
            problems.Add("version is not x.y.z");
        if (!Color().IsMatch(root.GetProperty("accentColor").GetString()!))
            problems.Add("accentColor is not #rrggbb");
        var developer = root.GetProperty("developer");
        if (developer.GetProperty("name").GetString()!.Length > 32)
            problems.Add("developer.name over 32");
        foreach (var url in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
        {
            if (!developer.GetProperty(url).GetString()!.StartsWith("https://", StringComparison.Ordinal))
                problems.Add($"developer.{url} is not https");
        }
        if (root.GetProperty("name").GetProperty("short").GetString()!.Length > 30)
            problems.Add("name.short over 30");
        var description = root.GetProperty("description");
        if (description.GetProperty("short").GetString()!.Length > 80 || description.GetProperty("full").GetString()!.Length > 4000)
            problems.Add("description too long");
        foreach (var bot in root.GetProperty("bots").EnumerateArray())
        {
            if (!Guid().IsMatch(bot.GetProperty("botId").GetString()!))
                problems.Add("botId is not a GUID");
            var scopes = new[] { "team", "personal", "groupChat", "copilot" };
            if (bot.GetProperty("scopes").EnumerateArray().Any(scope => !scopes.Contains(scope.GetString())))
                problems.Add("unknown bot scope");
            foreach (var list in bot.GetProperty("commandLists").EnumerateArray())
            {
                if (list.GetProperty("commands").GetArrayLength() > 12)
                    problems.Add("more than 12 commands");
                if (list.GetProperty("commands").EnumerateArray().Any(command => command.GetProperty("title").GetString()!.Length > 128))
                    problems.Add("command title over 128");
            }
        }
        return problems;
    }

    private static (int, int) PngSize(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var header = new byte[24];
        stream.ReadExactly(header);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], header[..4]);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }

    /// <summary>Decodes an 8-bit RGBA PNG whose scanlines are unfiltered (as make-icons.py writes them).</summary>
    private static List<(byte R, byte G, byte B, byte A)> PngPixels(byte[] png, int size)
    {
        var data = new MemoryStream();
        for (var offset = 8; offset < png.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var kind = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            if (kind == "IHDR")
                Assert.Equal((byte)6, png[offset + 8 + 9]);
            if (kind == "IDAT")
                data.Write(png, offset + 8, length);
            offset += 12 + length;
        }
        data.Position = 0;
        using var inflated = new ZLibStream(data, CompressionMode.Decompress);
        var raw = new MemoryStream();
        inflated.CopyTo(raw);
        var bytes = raw.ToArray();
        var pixels = new List<(byte, byte, byte, byte)>();
        for (var y = 0; y < size; y++)
        {
            var line = y * (size * 4 + 1);
            Assert.Equal(0, bytes[line]);
            for (var x = 0; x < size; x++)
            {
                var at = line + 1 + x * 4;
                pixels.Add((bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]));
            }
        }
        return pixels;
    }

    [GeneratedRegex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")]
    private static partial Regex Guid();

    [GeneratedRegex(@"^([0-9]|[1-9]+[0-9]*)\.([0-9]|[1-9]+[0-9]*)\.([0-9]|[1-9]+[0-9]*)$")]
    private static partial Regex SemVer();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex Color();
}
