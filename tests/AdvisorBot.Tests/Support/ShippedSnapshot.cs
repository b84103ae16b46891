using AdvisorBot.Core.Search;

namespace AdvisorBot.Tests.Support;

/// <summary>The shipped knowledge, indexed and embedded as the host does it: a fixture shared by
/// the tests of one class.</summary>
public sealed class ShippedSnapshot : IDisposable
{
    public KnowledgeSnapshot Value { get; } = Snapshots.Build(RepositoryPaths.Knowledge);

    public void Dispose() => Value.Dispose();
}
