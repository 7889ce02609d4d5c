using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

public sealed partial class StatusChanger
{
    private bool Sqlite => db.Database.IsSqlite();

    /// <summary>The agent's state and whether <paramref name="status"/> is a live status, in one query; null when the user is not an agent.</summary>
    private async Task<(AgentSnapshot? Snap, bool Live)> ReadAsync(DbConnection conn, int agentId, int status, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = PresenceSql.Read;
        PresenceSql.Bind(cmd, cmd.Parameters, [PresenceSql.P("agent", agentId), PresenceSql.P("status", status), PresenceSql.P("kind", PresenceSql.KindAgents)], Sqlite);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct) || !r.GetBoolean(1)) return (null, false);
        return (new AgentSnapshot(agentId, PresenceSql.Time(r, 0), PresenceSql.Presence(agentId, r)), r.GetBoolean(8));
    }

    /// <summary>
    /// Writes the changes, each all or nothing, in one transaction; returns per change whether it
    /// won (false: its version check lost a race, nothing of it was written). SQLite: one writer at
    /// a time through the gate, statements in-process. PostgreSQL: one batch, one round trip, in
    /// the implicit transaction of a batch.
    /// </summary>
    internal async Task<bool[]> WriteAsync(IReadOnlyList<Statement[]> changes, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        var won = new bool[changes.Count];
        if (Sqlite)
        {
            using var writer = await gate.SqliteWriterAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            for (var c = 0; c < changes.Count; c++)
            {
                won[c] = await ExecuteAsync(conn, tx, changes[c][0], ct) == 1;
                if (!won[c]) continue;
                for (var s = 1; s < changes[c].Length; s++)
                    if (await ExecuteAsync(conn, tx, changes[c][s], ct) != 1) throw Broken(changes[c]);
            }
            await tx.CommitAsync(ct);
            return won;
        }
        await using var batch = conn.CreateBatch();
        await using var binder = conn.CreateCommand();
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

    /// <summary>A statement that touches rows without consulting the version chain (activity, forgetting the rule): one command.</summary>
    private async Task<int> ExecuteAsync(Statement statement, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        using var writer = Sqlite ? await gate.SqliteWriterAsync(ct) : default;
        return await ExecuteAsync(conn, null, statement, ct);
    }

    private async Task<int> ExecuteAsync(DbConnection conn, DbTransaction? tx, Statement statement, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = statement.Sql;
        PresenceSql.Bind(cmd, cmd.Parameters, statement.Parameters, Sqlite);
        return await cmd.ExecuteNonQueryAsync(ct);
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
