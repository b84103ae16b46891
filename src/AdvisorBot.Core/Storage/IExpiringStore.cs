namespace AdvisorBot.Core.Storage;

/// <summary>A store whose rows outlive their use; the host's purge service deletes them in the
/// background, not only when a person next writes.</summary>
public interface IExpiringStore
{
    /// <summary>What is purged, for logs.</summary>
    string Name { get; }

    /// <summary>Deletes what has expired; returns how many rows.</summary>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken);
}
