using System.Diagnostics;
using AdvisorBot.Core.Storage;
using AdvisorBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using AdvisorBot.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AdvisorBot.Tests.Deploy;

/// <summary>
/// deploy/kubernetes, as <c>kubectl kustomize</c> builds it (the files themselves where kubectl is
/// not installed): three replicas behind a Service, probes on the host's own endpoints, a graceful
/// shutdown long enough for the turns in flight, and secrets only from a Secret.
/// </summary>
public class KubernetesManifestTests
{
    private static readonly string Base = Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes");
    private static readonly Lazy<IReadOnlyList<YamlMappingNode>> Objects = new(Build);

    [Fact]
    public void Kustomize_builds_the_base_when_kubectl_is_installed()
    {
        if (Kubectl() is null)
            return; // Nothing to run; the other tests read the files themselves.
        var (exitCode, output, errors) = Run(Kubectl()!, "kustomize", Base);
        Assert.True(exitCode == 0, errors);
        Assert.Contains("kind: Deployment", output);
    }

    [Fact]
    public void Three_replicas_serve_behind_one_service_and_one_disruption_budget()
    {
        var deployment = Single("Deployment");
        Assert.Equal("3", Scalar(deployment, "spec", "replicas"));
        var podLabels = (YamlMappingNode)Node(deployment, "spec", "template", "metadata", "labels");

        foreach (var selector in new[] { Node(Single("Service"), "spec", "selector"), Node(Single("PodDisruptionBudget"), "spec", "selector", "matchLabels") })
        {
            foreach (var (key, value) in ((YamlMappingNode)selector).Children)
                Assert.Equal(value.ToString(), podLabels.Children[key].ToString());
        }
        Assert.Equal("http", Scalar(Single("Service"), "spec", "ports", "0", "targetPort"));
        Assert.Equal("http", Scalar(Container(), "ports", "0", "name"));
        Assert.Equal("1", Scalar(Single("PodDisruptionBudget"), "spec", "maxUnavailable"));
    }

    [Fact]
    public void A_pod_requests_the_memory_a_replica_with_the_embedding_model_peaks_at_under_load_and_may_grow_past_it()
    {
        // The peak measured by bench/AdvisorBot.TurnBench --side-by-side at 32 concurrent (README
        // "Container image and Kubernetes"): 679 MB, the highest of its runs on either build machine.
        const double measuredPeakMebibytes = 679_000_000 / 1048576.0;
        var request = Mebibytes(Scalar(Container(), "resources", "requests", "memory"));
        var limit = Mebibytes(Scalar(Container(), "resources", "limits", "memory"));
        Assert.True(request >= measuredPeakMebibytes * 1.1, $"a request of {request} Mi leaves no room above the measured peak");
        Assert.True(limit >= request * 1.5, $"a limit of {limit} Mi leaves too little room above the request of {request} Mi");
    }

    private static double Mebibytes(string quantity) => quantity switch
    {
        _ when quantity.EndsWith("Gi", StringComparison.Ordinal) => double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture) * 1024,
        _ when quantity.EndsWith("Mi", StringComparison.Ordinal) => double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new FormatException($"memory quantity {quantity} is not in Mi or Gi"),
    };

    [Fact]
    public void Readiness_is_readyz_and_liveness_is_healthz()
    {
        Assert.Equal("/readyz", Scalar(Container(), "readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", Scalar(Container(), "livenessProbe", "httpGet", "path"));
    }

    [Fact]
    public void Shutdown_waits_for_the_load_balancer_then_for_turns_in_flight_within_the_grace_period()
    {
        var grace = int.Parse(Scalar(Single("Deployment"), "spec", "template", "spec", "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture);
        var preStop = (YamlSequenceNode)Node(Container(), "lifecycle", "preStop", "exec", "command");
        var preStopSeconds = int.Parse(preStop.Children[^1].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        var shutdownTimeout = int.Parse(Setting("DOTNET_SHUTDOWNTIMEOUTSECONDS"), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("sleep", preStop.Children[0].ToString());
        Assert.InRange(shutdownTimeout, 10, 120);
        Assert.True(preStopSeconds + shutdownTimeout < grace, $"preStop {preStopSeconds} s + shutdown {shutdownTimeout} s must fit in the grace period of {grace} s");
    }

    [Fact]
    public void The_host_waits_for_turns_in_flight_as_long_as_the_config_map_says()
    {
        // DOTNET_SHUTDOWNTIMEOUTSECONDS reaches the host as its shutdownTimeoutSeconds setting.
        var seconds = Setting("DOTNET_SHUTDOWNTIMEOUTSECONDS");
        using var directory = new TempDirectory();
        using var app = BotHost.Build([$"--shutdownTimeoutSeconds={seconds}", $"--Knowledge:Directory={RepositoryPaths.Knowledge}", $"--Storage:DatabasePath={Path.Combine(directory.Path, "state.db")}"],
            builder => builder.Logging.ClearProviders());

        Assert.Equal(TimeSpan.FromSeconds(int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public void Settings_come_from_the_config_map_and_select_postgresql()
    {
        Assert.True(Enum.TryParse<StorageProvider>(Setting("Storage__Provider"), out var provider));
        Assert.Equal(StorageProvider.PostgreSql, provider);
    }

    [Fact]
    public void Metrics_are_on_and_scraped_where_the_host_serves_them()
    {
        var annotations = (YamlMappingNode)Node(Single("Deployment"), "spec", "template", "metadata", "annotations");
        Assert.Equal("true", Setting("Telemetry__Prometheus"));
        Assert.Equal("/metrics", annotations.Children["prometheus.io/path"].ToString());
        Assert.Equal(Scalar(Container(), "ports", "0", "containerPort"), annotations.Children["prometheus.io/port"].ToString());
    }

    [Fact]
    public void Every_secret_comes_from_the_secret_and_none_is_in_the_manifests()
    {
        var fromSecret = ((YamlSequenceNode)Node(Container(), "env")).Children.Cast<YamlMappingNode>()
            .Where(variable => variable.Children.ContainsKey("valueFrom"))
            .ToDictionary(variable => Scalar(variable, "name"), variable => Scalar(variable, "valueFrom", "secretKeyRef", "name"));

        foreach (var name in new[] { "ConnectionStrings__AdvisorBot", "MicrosoftAppPassword", "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "Desk__ApiKey" })
            Assert.Equal("advisorbot-secrets", fromSecret[name]);
        Assert.DoesNotContain(Objects.Value, item => Scalar(item, "kind") == "Secret");
        var settings = (YamlMappingNode)Node(ConfigMap(), "data");
        Assert.DoesNotContain(settings.Children.Keys, key => key.ToString().Contains("Password", StringComparison.OrdinalIgnoreCase)
            || key.ToString().Contains("Secret", StringComparison.OrdinalIgnoreCase) || key.ToString().Contains("ConnectionStrings", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_bot_runs_as_a_non_root_user_on_a_read_only_root()
    {
        Assert.Equal("true", Scalar(Single("Deployment"), "spec", "template", "spec", "securityContext", "runAsNonRoot"));
        Assert.NotEqual("0", Scalar(Single("Deployment"), "spec", "template", "spec", "securityContext", "runAsUser"));
        Assert.Equal("true", Scalar(Container(), "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Scalar(Container(), "securityContext", "allowPrivilegeEscalation"));
    }

    private static YamlMappingNode Container() =>
        (YamlMappingNode)((YamlSequenceNode)Node(Single("Deployment"), "spec", "template", "spec", "containers")).Children[0];

    /// <summary>The config map the container reads its settings from (kustomize names it with a hash).</summary>
    private static YamlMappingNode ConfigMap()
    {
        var name = Scalar(Container(), "envFrom", "0", "configMapRef", "name");
        return Objects.Value.Single(item => Scalar(item, "kind") == "ConfigMap" && Scalar(item, "metadata", "name") == name);
    }

    private static string Setting(string key) => ((YamlMappingNode)Node(ConfigMap(), "data")).Children[key].ToString();

    private static YamlMappingNode Single(string kind) => Objects.Value.Single(item => Scalar(item, "kind") == kind);

    private static string Scalar(YamlNode node, params string[] path) => Node(node, path).ToString();

    private static YamlNode Node(YamlNode node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node switch
            {
                YamlMappingNode mapping => mapping.Children[new YamlScalarNode(step)],
                YamlSequenceNode sequence => sequence.Children[int.Parse(step, System.Globalization.CultureInfo.InvariantCulture)],
                _ => throw new KeyNotFoundException(step),
            };
        }
        return node;
    }

    /// <summary>The objects kustomize makes; without kubectl, the base's own files, with the config
    /// map the generator would make under its plain name.</summary>
    private static IReadOnlyList<YamlMappingNode> Build()
    {
        string text;
        if (Kubectl() is { } kubectl)
        {
            var (exitCode, output, errors) = Run(kubectl, "kustomize", Base);
            if (exitCode != 0)
                throw new InvalidOperationException("kubectl kustomize failed: " + errors);
            text = output;
        }
        else
        {
            text = string.Join("\n---\n", new[] { "deployment.yaml", "service.yaml", "poddisruptionbudget.yaml" }.Select(file => File.ReadAllText(Path.Combine(Base, file))))
                + "\n---\n" + GeneratedConfigMap();
        }
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(document => (YamlMappingNode)document.RootNode).ToList();
    }

    private static string GeneratedConfigMap()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Base, "kustomization.yaml"))));
        var generator = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children["configMapGenerator"]).Children[0];
        var literals = ((YamlSequenceNode)generator.Children["literals"]).Children.Select(literal => literal.ToString().Split('=', 2));
        return $"kind: ConfigMap\nmetadata:\n  name: {generator.Children["name"]}\ndata:\n" + string.Concat(literals.Select(pair => $"  {pair[0]}: \"{pair[1]}\"\n"));
    }

    private static string? Kubectl() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(directory => Path.Combine(directory, "kubectl")).FirstOrDefault(File.Exists);

    private static (int ExitCode, string Output, string Errors) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, errors);
    }
}
