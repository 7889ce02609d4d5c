using System.Collections.Concurrent;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>
/// The group commit of this application instance (<see cref="StatusCommitter"/>), one per
/// database it writes statuses to; a singleton of the app. Two gates on one database behave as
/// two instances (tests do that): correctness never depends on the gate, the version check
/// still settles races between instances (and with writers that bypass it).
/// </summary>
/// <param name="postgresLanes">Batches in flight at once on PostgreSQL (each its own connection); 0: the default
/// (<c>Rolodesk:Statuses:WriterLanes</c> in the app). SQLite always has one.</param>
public sealed class StatusWriteGate(int postgresLanes = 0) : IDisposable
{
    private readonly ConcurrentDictionary<(bool Sqlite, string Connection), Lazy<StatusCommitter>> _committers = new();
    private volatile bool _disposed;

    internal StatusCommitter Committer(string connectionString, bool sqlite, ILogger log)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _committers.GetOrAdd((sqlite, connectionString), key => new Lazy<StatusCommitter>(() => new StatusCommitter(key.Connection, key.Sqlite, log, postgresLanes > 0 ? postgresLanes : StatusCommitter.PostgresLanes))).Value;
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var committer in _committers.Values.Where(c => c.IsValueCreated)) committer.Value.Dispose();
    }
}
