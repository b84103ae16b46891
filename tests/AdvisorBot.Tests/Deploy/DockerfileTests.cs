using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Deploy;

/// <summary>
/// deploy/Dockerfile's essentials, read from the file (no container engine runs on the build
/// machines): built in one stage and run from a smaller one, as a non-root user, with the articles
/// and Web Chat inside, on the port the Deployment probes, and no secret anywhere in it.
/// </summary>
public class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "deploy", "Dockerfile"))
        .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToArray();

    private static IEnumerable<string> FinalStage => Lines.Skip(Array.FindLastIndex(Lines, line => line.StartsWith("FROM ", StringComparison.Ordinal)));

    [Fact]
    public void It_builds_with_the_sdk_and_npm_and_runs_on_the_aspnet_runtime()
    {
        var stages = Lines.Where(line => line.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stages.Count);
        Assert.Contains("dotnet/sdk", stages[0]);
        Assert.Contains("dotnet/aspnet", stages[1]);
        Assert.Contains(Lines, line => line.Contains("npm", StringComparison.Ordinal) && line.Contains("install", StringComparison.Ordinal));
        Assert.Contains(Lines, line => line.StartsWith("RUN dotnet publish src/AdvisorBot/AdvisorBot.csproj", StringComparison.Ordinal));
        Assert.Contains(FinalStage, line => line.StartsWith("COPY --from=build", StringComparison.Ordinal));
        Assert.Contains(FinalStage, line => line == "ENTRYPOINT [\"dotnet\", \"AdvisorBot.dll\"]");
    }

    [Fact]
    public void It_runs_as_a_non_root_user()
    {
        var user = FinalStage.Last(line => line.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
    }

    [Fact]
    public void The_articles_are_baked_in_where_a_mounted_folder_replaces_them()
    {
        Assert.Contains(Lines, line => line == "COPY knowledge/ knowledge/");
        Assert.Contains(FinalStage, line => line == "WORKDIR /app");
        Assert.Contains(Lines, line => line.Contains("test -d /app/knowledge", StringComparison.Ordinal));
    }

    [Fact]
    public void It_listens_on_the_port_the_deployment_uses()
    {
        Assert.Contains(FinalStage, line => line == "EXPOSE 8080");
        Assert.Contains(FinalStage, line => line.Contains("ASPNETCORE_HTTP_PORTS=8080", StringComparison.Ordinal));
        Assert.Contains("containerPort: 8080", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes", "deployment.yaml")));
    }

    [Fact]
    public void No_secret_is_put_in_the_image_and_no_local_state_is_sent_to_the_build()
    {
        foreach (var line in Lines.Where(line => line.StartsWith("ENV ", StringComparison.Ordinal) || line.StartsWith("ARG ", StringComparison.Ordinal)))
        {
            foreach (var word in new[] { "Password", "Secret", "Token", "ApiKey", "ConnectionStrings" })
                Assert.DoesNotContain(word, line, StringComparison.OrdinalIgnoreCase);
        }
        var ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore"));
        Assert.Superset(new HashSet<string>(["**/bin/", "**/obj/", "**/node_modules/", "data/", "*.db", ".git/"]), ignored.ToHashSet());
    }
}
