namespace AdvisorBot.Core.Search;

/// <summary>SQLitePCLRaw needs its native library chosen once per process before any connection opens.</summary>
internal static class SqliteSetup
{
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    public static void EnsureInitialized() => _ = Initialized.Value;
}
