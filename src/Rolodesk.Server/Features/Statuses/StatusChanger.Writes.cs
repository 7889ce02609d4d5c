using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

public sealed partial class StatusChanger
{
    private bool Sqlite => db.Database.IsSqlite();

    /// <summary>While a session is open on SQLite: the lane whose connection and prepared commands it uses.</summary>
    private SqliteLane? _lane;

    /// <summary>
    /// Opens the connection status SQL runs on: SQLite's lane (one change at a time per instance),
    /// or the context's own connection on PostgreSQL. Dispose to close or hand on.
    /// </summary>
    private async Task<IAsyncDisposable> SessionAsync(CancellationToken ct)
    {
        if (Sqlite)
        {
            _lane = await gate.SqliteAsync(db.Database.GetConnectionString()!, ct);
            return new Session(() => { _lane.Dispose(); _lane = null; });
        }
        await db.Database.OpenConnectionAsync(ct);
        return new Session(() => db.Database.CloseConnection());
    }

    private sealed class Session(Action close) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            close();
            return ValueTask.CompletedTask;
        }
    }

    private DbConnection Connection => _lane?.Connection ?? db.Database.GetDbConnection();

    /// <summary>A command for <paramref name="statement"/>: the lane's prepared one on SQLite (not to be disposed), a new one otherwise.</summary>
    private DbCommand Command(Statement statement, DbTransaction? tx)
    {
        var cmd = _lane?.Command(statement.Sql) ?? Connection.CreateCommand();
        if (_lane is null) cmd.CommandText = statement.Sql;
        cmd.Transaction = tx;
        PresenceSql.Bind(cmd, cmd.Parameters, statement.Parameters, Sqlite);
        return cmd;
    }

    private void Done(DbCommand cmd)
    {
        if (_lane is null) cmd.Dispose();
    }

    /// <summary>The agent's state and whether <paramref name="status"/> is a live status, in one query; null when the user is not an agent.</summary>
    private async Task<(AgentSnapshot? Snap, bool Live)> ReadAsync(int agentId, int status, CancellationToken ct)
    {
        var cmd = Command(new(PresenceSql.Read, [PresenceSql.P("agent", agentId), PresenceSql.P("status", status), PresenceSql.P("kind", PresenceSql.KindAgents)]), null);
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct) || !r.GetBoolean(1)) return (null, false);
            return (new AgentSnapshot(agentId, PresenceSql.Time(r, 0), PresenceSql.Presence(agentId, r)), r.GetBoolean(8));
        }
        finally
        {
            Done(cmd);
        }
    }

    /// <summary>Writes the changes in one session (the sweep's pass); see <see cref="WriteAsync"/>.</summary>
    internal async Task<bool[]> WriteManyAsync(IReadOnlyList<Statement[]> changes, CancellationToken ct)
    {
        await using var session = await SessionAsync(ct);
        return await WriteAsync(changes, ct);
    }

    /// <summary>
    /// Writes the changes, each all or nothing, in one transaction; returns per change whether it
    /// won (false: its version check lost a race, nothing of it was written). SQLite: statements
    /// in-process on the lane. PostgreSQL: one batch, one round trip, in the batch's implicit transaction.
    /// </summary>
    private async Task<bool[]> WriteAsync(IReadOnlyList<Statement[]> changes, CancellationToken ct)
    {
        var won = new bool[changes.Count];
        if (Sqlite)
        {
            await using var tx = await Connection.BeginTransactionAsync(ct);
            for (var c = 0; c < changes.Count; c++)
            {
                won[c] = await ExecuteAsync(changes[c][0], tx, ct) == 1;
                if (!won[c]) continue;
                for (var s = 1; s < changes[c].Length; s++)
                    if (await ExecuteAsync(changes[c][s], tx, ct) != 1) throw Broken(changes[c]);
            }
            await tx.CommitAsync(ct);
            return won;
        }
        await using var batch = Connection.CreateBatch();
        await using var binder = Connection.CreateCommand();
        foreach (var statement in changes.SelectMany(c => c))
        {
            var bc = batch.CreateBatchCommand();
            bc.CommandText = statement.Sql;
            PresenceSql.Bind(binder, bc.Parameters, statement.Parameters, sqlite: false);
            batch.BatchCommands.Add(bc);
        }
        await batch.ExecuteNonQueryAsync(ct);
        for (int c = 0, k = 0; c < changes.Count; k += changes[c].Length, c++)
        {
            won[c] = batch.BatchCommands[k].RecordsAffected == 1;
            if (won[c] && Enumerable.Range(k, changes[c].Length).Any(i => batch.BatchCommands[i].RecordsAffected != 1)) throw Broken(changes[c]);
        }
        return won;
    }

    private async Task<int> ExecuteAsync(Statement statement, DbTransaction? tx, CancellationToken ct)
    {
        var cmd = Command(statement, tx);
        try
        {
            return await cmd.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            Done(cmd);
        }
    }

    // The presence row moved but its open interval was not where it pointed: the data is damaged, never retry over it.
    private static InvalidOperationException Broken(Statement[] change) =>
        new($"Status history is inconsistent: a change's version check passed but its interval writes did not ({change[0].Sql[..30]}…).");
}

/// <summary>Recognises the failures that only mean "someone else changed this first": retry on fresh state.</summary>
internal static class Races
{
    public static bool IsLostRace(Exception e) => e switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: { } inner } => IsLostRace(inner),
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } => true,
        PostgresException { SqlState: "23505" or "40001" or "40P01" } => true,
        _ => false,
    };
}
