using AdvisorBot.Slack;
using AdvisorBot.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AdvisorBot.Tests.Slack;

/// <summary>deploy/slack/manifest.yml declares what the bot's Slack side needs, at the paths it serves.</summary>
public class SlackManifestTests
{
    private static readonly YamlMappingNode Manifest = Load();

    [Fact]
    public void It_names_the_app_and_its_bot_user()
    {
        var name = Scalar("display_information", "name");
        Assert.InRange(name.Length, 1, 35);
        Assert.False(string.IsNullOrWhiteSpace(Scalar("features", "bot_user", "display_name")));
        Assert.Equal("true", Scalar("features", "app_home", "messages_tab_enabled"));
    }

    [Fact]
    public void It_declares_choose_framework_at_the_commands_endpoint()
    {
        var command = Assert.Single(((YamlSequenceNode)Node("features", "slash_commands")).Children.Cast<YamlMappingNode>());
        Assert.Equal(SlackEndpoints.ChooseFrameworkCommand, Scalar(command, "command"));
        Assert.False(string.IsNullOrWhiteSpace(Scalar(command, "description")));
        AssertRequestUrl(Scalar(command, "url"), SlackEndpoints.CommandsPath);
    }

    [Fact]
    public void It_asks_for_exactly_the_scopes_the_bot_uses()
    {
        Assert.Equal(["app_mentions:read", "chat:write", "commands", "im:history"], Sequence("oauth_config", "scopes", "bot").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void It_subscribes_to_mentions_and_DMs_and_turns_interactivity_on()
    {
        Assert.Equal(["app_mention", "message.im"], Sequence("settings", "event_subscriptions", "bot_events").Order(StringComparer.Ordinal));
        AssertRequestUrl(Scalar("settings", "event_subscriptions", "request_url"), SlackEndpoints.EventsPath);
        Assert.Equal("true", Scalar("settings", "interactivity", "is_enabled"));
        AssertRequestUrl(Scalar("settings", "interactivity", "request_url"), SlackEndpoints.InteractionsPath);
    }

    private static void AssertRequestUrl(string url, string path)
    {
        var uri = new Uri(url, UriKind.Absolute);
        Assert.Equal(Uri.UriSchemeHttps, uri.Scheme);
        Assert.Equal(path, uri.AbsolutePath);
    }

    private static YamlMappingNode Load()
    {
        using var reader = File.OpenText(Path.Combine(RepositoryPaths.Root, "deploy", "slack", "manifest.yml"));
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode Node(params string[] path) => Node(Manifest, path);

    private static YamlNode Node(YamlMappingNode from, params string[] path)
    {
        YamlNode node = from;
        foreach (var key in path)
        {
            var mapping = Assert.IsType<YamlMappingNode>(node);
            Assert.True(mapping.Children.TryGetValue(new YamlScalarNode(key), out node!), $"manifest has no {string.Join('.', path)}");
        }
        return node;
    }

    private static string Scalar(params string[] path) => Scalar(Manifest, path);

    private static string Scalar(YamlMappingNode from, params string[] path) => Assert.IsType<YamlScalarNode>(Node(from, path)).Value!;

    private static IEnumerable<string> Sequence(params string[] path) =>
        Assert.IsType<YamlSequenceNode>(Node(path)).Children.Select(child => ((YamlScalarNode)child).Value!);
}
