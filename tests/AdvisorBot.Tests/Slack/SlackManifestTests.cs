using System.Globalization;
using System.Text.Json.Nodes;
using AdvisorBot.Slack;
using AdvisorBot.Tests.Flow;
using AdvisorBot.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AdvisorBot.Tests.Slack;

/// <summary>deploy/slack/manifest.yml declares what the bot's Slack side needs, at the paths it serves,
/// and Slack's official manifest schema accepts it.</summary>
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
        Assert.Equal(["app_mentions:read", "assistant:write", "chat:write", "commands", "im:history"], Sequence("oauth_config", "scopes", "bot").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void It_subscribes_to_mentions_DMs_and_the_opening_of_a_chat_and_turns_interactivity_on()
    {
        Assert.Equal(["app_home_opened", "app_mention", "assistant_thread_started", "message.im"], Sequence("settings", "event_subscriptions", "bot_events").Order(StringComparer.Ordinal));
        AssertRequestUrl(Scalar("settings", "event_subscriptions", "request_url"), SlackEndpoints.EventsPath);
        Assert.Equal("true", Scalar("settings", "interactivity", "is_enabled"));
        AssertRequestUrl(Scalar("settings", "interactivity", "request_url"), SlackEndpoints.InteractionsPath);
    }

    [Fact]
    public void It_is_valid_against_the_official_manifest_schema()
    {
        Assert.Empty(OfficialSchemas.SlackManifestProblems(ToJson(Manifest)));
    }

    [Fact]
    public void The_official_schema_refuses_a_manifest_Slack_would_refuse()
    {
        var manifest = ToJson(Manifest);
        manifest["display_information"]!["name"] = new string('x', 36);
        manifest["features"]!["agent_view"]!["suggested_prompts"]!.AsArray().Add(new JsonObject { ["title"] = "A fifth", ["message"] = "One too many" });

        var problems = OfficialSchemas.SlackManifestProblems(manifest);

        Assert.Contains(problems, problem => problem.StartsWith("/display_information/name: maxLength", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("/features/agent_view/suggested_prompts: maxItems", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Its_suggested_prompts_are_the_bots_example_questions_and_the_guided_flow_and_each_works()
    {
        var prompts = ((YamlSequenceNode)Node("features", "agent_view", "suggested_prompts")).Children.Cast<YamlMappingNode>()
            .Select(prompt => (Title: Scalar(prompt, "title"), Message: Scalar(prompt, "message"))).ToList();
        using var chat = new ChatRunner();

        Assert.All(prompts, prompt => Assert.False(string.IsNullOrWhiteSpace(prompt.Title)));
        Assert.Equal(await OfferedQuestions.FromHelpAsync(chat), prompts.SkipLast(1).Select(prompt => prompt.Message));
        var replies = await chat.ChatAsync(prompts.SkipLast(1).Select(prompt => prompt.Message), conversation: "suggested");
        Assert.Equal(["answer", "answer", "answer"], replies.Kinds);
        var flow = await chat.ChatAsync([prompts[^1].Message], conversation: "choose");
        Assert.Equal(["flowStep"], flow.Kinds);
    }

    private static void AssertRequestUrl(string url, string path)
    {
        var uri = new Uri(url, UriKind.Absolute);
        Assert.Equal(Uri.UriSchemeHttps, uri.Scheme);
        Assert.Equal(path, uri.AbsolutePath);
    }

    /// <summary>The manifest as Slack reads it: YAML 1.2's core schema, so plain true/false are
    /// booleans and plain digits are numbers; anything quoted stays a string.</summary>
    private static JsonNode ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(child =>
            KeyValuePair.Create(((YamlScalarNode)child.Key).Value!, (JsonNode?)ToJson(child.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(child => (JsonNode?)ToJson(child)).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar when long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

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
