using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdvisorBot.BotFramework.Teams;
using AdvisorBot.CommandLine;
using AdvisorBot.Tests.Flow;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.BotFramework;

/// <summary>The teams-package verb: the manifest with the bot id filled in, zipped with its icons,
/// as Teams accepts it (checked against the official v1.29 manifest schema), with the commands and
/// prompt starters Teams offers above the compose box.</summary>
public class TeamsPackageTests
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
        Assert.DoesNotContain("{{", manifest.RootElement.GetRawText());
        Assert.Empty(OfficialSchemas.TeamsManifestProblems(JsonNode.Parse(root.GetRawText())!));
        Assert.Equal((192, 192), PngSize(zip.GetEntry("color.png")!));
        Assert.Equal((32, 32), PngSize(zip.GetEntry("outline.png")!));
    }

    [Fact]
    public void The_official_schema_refuses_a_manifest_Teams_would_refuse()
    {
        var manifest = PackagedManifest();
        manifest["bots"]![0]!["commandLists"]![0]!["commands"]![0]!["title"] = new string('x', 129);
        manifest["accentColor"] = "blue";

        var problems = OfficialSchemas.TeamsManifestProblems(manifest);

        Assert.Contains(problems, problem => problem.StartsWith("/bots/0/commandLists/0/commands/0/title: maxLength", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("/accentColor: pattern", StringComparison.Ordinal));
    }

    [Fact]
    public void The_command_list_offers_help_choose_framework_and_three_prompt_starters()
    {
        var commands = Commands(PackagedManifest());

        Assert.Equal(["help", "choose-framework"], commands.Where(command => Field(command, "type") == "basic").Select(command => Field(command, "title")));
        var starters = commands.Where(command => Field(command, "type") == "prompt").ToList();
        Assert.Equal(3, starters.Count);
        Assert.All(starters, starter =>
        {
            // Teams inserts the prompt into the compose box; the title and description label its card,
            // which Teams manifests before v1.28 capped at 32 characters for the title.
            Assert.False(string.IsNullOrWhiteSpace(Field(starter, "prompt")));
            Assert.False(string.IsNullOrWhiteSpace(Field(starter, "description")));
            Assert.InRange(Field(starter, "title").Length, 1, 32);
        });
    }

    [Fact]
    public async Task The_prompt_starters_are_the_example_questions_the_bot_offers_and_each_is_answered_from_the_articles()
    {
        var prompts = Commands(PackagedManifest()).Where(command => Field(command, "type") == "prompt").Select(command => Field(command, "prompt")).ToList();
        using var chat = new ChatRunner();

        Assert.Equal(await OfferedQuestions.FromHelpAsync(chat), prompts);

        var answers = await chat.ChatAsync(prompts, conversation: "starters");
        Assert.Equal(["answer", "answer", "answer"], answers.Kinds);
    }

    [Fact]
    public async Task The_help_and_choose_framework_commands_do_what_they_say_when_sent_as_text()
    {
        using var chat = new ChatRunner();

        var help = await chat.ChatAsync(["help"], conversation: "help");
        var flow = await chat.ChatAsync(["choose-framework"], conversation: "flow");

        Assert.Equal(["help"], help.Kinds);
        Assert.Equal(["flowStep"], flow.Kinds);
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

    /// <summary>The manifest as the teams-package verb writes it into the zip.</summary>
    private static JsonNode PackagedManifest()
    {
        using var output = new TempDirectory();
        var zipPath = Path.Combine(output.Path, "advisorbot.zip");
        TeamsAppPackage.Build(ManifestDirectory, key => key == "MicrosoftAppId" ? AppId : null, zipPath);
        using var zip = ZipFile.OpenRead(zipPath);
        using var manifest = zip.GetEntry("manifest.json")!.Open();
        return JsonNode.Parse(manifest)!;
    }

    private static List<JsonNode> Commands(JsonNode manifest) =>
        Assert.Single(Assert.Single(manifest["bots"]!.AsArray())!["commandLists"]!.AsArray())!["commands"]!.AsArray().Select(command => command!).ToList();

    private static string Field(JsonNode command, string name) => command[name]?.GetValue<string>() ?? "";

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
}
