namespace AdvisorBot.Tests.Support;

/// <summary>Tests against a bot on the small test corpus (<see cref="SmallCorpus"/>), started
/// afresh for each test and cleaned up after it.</summary>
public abstract class SmallCorpusDeskTest : IAsyncLifetime
{
    /// <summary>The corpus's folder, which a test may change (and then reload).</summary>
    protected TempDirectory Knowledge { get; } = SmallCorpus.Create();

    protected DeskTestHost Host { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Host = await DeskTestHost.StartAsync(Knowledge.Path);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Knowledge.Dispose();
    }
}
