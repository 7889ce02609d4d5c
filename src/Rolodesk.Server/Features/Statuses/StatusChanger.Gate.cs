namespace Rolodesk.Server.Features.Statuses;

/// <summary>
/// In-memory queues in front of the database, per application instance. Changes of one agent
/// (stripe by agent id) wait for each other here instead of all reading the same version and all
/// but one retrying; on SQLite every write also waits for the single writer here, where waiting
/// costs nothing, rather than in SQLite's busy handler, which sleeps 1–100 ms between tries.
/// Correctness never depends on the gate: the version check still settles races between
/// instances (and with writers that bypass it).
/// </summary>
public sealed class StatusWriteGate
{
    private const int Stripes = 256;
    private readonly SemaphoreSlim[] _agents = [.. Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    public ValueTask<Held> AgentAsync(int agentId, CancellationToken ct) => EnterAsync(_agents[(uint)agentId % Stripes], ct);

    public ValueTask<Held> SqliteWriterAsync(CancellationToken ct) => EnterAsync(_sqliteWriter, ct);

    private static async ValueTask<Held> EnterAsync(SemaphoreSlim gate, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        return new Held(gate);
    }

    public readonly struct Held(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
