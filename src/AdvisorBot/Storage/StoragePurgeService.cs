using AdvisorBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace AdvisorBot.Storage;

/// <summary>
/// Migrates the state database before the host takes requests (a replica that cannot reach its
/// database does not start), then deletes expired rows every <see cref="StorageOptions.PurgeInterval"/>:
/// every replica does, which is harmless (a delete of what is already gone deletes nothing).
/// </summary>
public sealed class StoragePurgeService(
    IServiceProvider services,
    IOptions<StorageOptions> options,
    ILogger<StoragePurgeService> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<StateDatabase>();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stores = services.GetServices<IExpiringStore>().ToList();
        // The schedule runs on the machine's clock; what counts as expired is the stores' (TimeProvider) time.
        using var timer = new PeriodicTimer(options.Value.PurgeInterval);
        try
        {
            do
            {
                await PurgeAsync(stores, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass over every store; a failure is logged and the next pass tries again.</summary>
    internal async Task PurgeAsync(IReadOnlyList<IExpiringStore> stores, CancellationToken cancellationToken)
    {
        foreach (var store in stores)
        {
            try
            {
                var purged = await store.PurgeExpiredAsync(cancellationToken);
                if (purged > 0)
                    logger.LogInformation("Purged {Count} expired rows of {Store}", purged, store.Name);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Purging {Store} failed; trying again in {Interval}", store.Name, options.Value.PurgeInterval);
            }
        }
    }
}
