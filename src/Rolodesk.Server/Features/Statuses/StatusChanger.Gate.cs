using System.Data.Common;
using Microsoft.Data.Sqlite;
using Rolodesk.Server.Data;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>
/// In-memory queues in front of the database, per application instance. Changes of one agent
/// (stripe by agent id) wait for each other here instead of all reading the same version and all
/// but one retrying. On SQLite every status read-and-write goes through one lane: one open
/// connection with its statements prepared once, taken by one change at a time. SQLite has one
/// writer anyway; queueing here costs nothing, where its busy handler sleeps 1–100 ms between
/// tries, and re-preparing the statements of every change was a large part of its cost.
/// Correctness never depends on the gate: the version check still settles races between
/// instances (and with writers that bypass it).
/// </summary>
public sealed class StatusWriteGate : IDisposable
{
    private const int Stripes = 256;
    private readonly SemaphoreSlim[] _agents = [.. Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly SemaphoreSlim _sqlite = new(1, 1);
    private SqliteLane? _lane;

    public async ValueTask<Held> AgentAsync(int agentId, CancellationToken ct)
    {
        var gate = _agents[(uint)agentId % Stripes];
        await gate.WaitAsync(ct).ConfigureAwait(false);
        return new Held(gate);
    }

    /// <summary>Takes the SQLite lane (opening it on first use); dispose the result to hand it on.</summary>
    internal async ValueTask<SqliteLane> SqliteAsync(string connectionString, CancellationToken ct)
    {
        await _sqlite.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_lane is null)
            {
                var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(ct);
                await SqlitePragmas.Instance.ConnectionOpenedAsync(connection, null!, ct);
                _lane = new SqliteLane(connection, _sqlite);
            }
            return _lane;
        }
        catch
        {
            _sqlite.Release();
            throw;
        }
    }

    public void Dispose() => _lane?.Connection.Dispose();

    public readonly struct Held(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}

/// <summary>The SQLite lane: its connection and prepared commands, held by one change at a time.</summary>
internal sealed class SqliteLane(SqliteConnection connection, SemaphoreSlim held) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    public DbCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var cmd))
        {
            _commands[sql] = cmd = connection.CreateCommand();
            cmd.CommandText = sql;
        }
        cmd.Parameters.Clear();
        return cmd;
    }

    /// <summary>Hands the lane on (it stays open for the next change).</summary>
    public void Dispose() => held.Release();
}
