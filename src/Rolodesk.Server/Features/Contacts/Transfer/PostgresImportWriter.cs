using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// PostgreSQL's bulk path, in one transaction, a batch at a time as the check passes them (the
/// server inserts while this process checks the next batch): ids for new cards are drawn from
/// the table's identity sequence in one query, new cards, memberships and index rows go through
/// binary COPY, updates through batched prepared statements. Index rows go in card order (key
/// order): ordering them by value per batch saved the server nothing (docs/PERFORMANCE.md, session 5).
/// </summary>
public sealed class PostgresImportWriter(RolodeskDbContext db) : IImportWriter
{
    private const int BatchSize = 500;

    public async Task WriteAsync(ImportPlan plan, ImportJob job, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            // The benchmark's split: the server process's CPU over the write (it runs on this machine).
            var serverCpu = job.Timings is null ? null : ImportTimings.ProcessCpu(connection.ProcessID);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await foreach (var batch in plan.Batches.ReadAllAsync(ct))
            {
                if (plan.Doomed()) continue; // the check goes on to report every error; nothing will be kept
                await WriteBatchAsync(connection, tx, plan, job, batch.Rows, ct);
                job.RowsWritten += batch.Rows.Length;
            }
            if (plan.Doomed())
            {
                job.RowsWritten = 0;
                return; // disposing the transaction rolls it back
            }
            var committing = job.Timings is null ? default : (Stopwatch.GetTimestamp(), System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
            await tx.CommitAsync(ct);
            if (job.Timings is { } timings)
            {
                timings.AddProcess(ImportPhase.Commit, committing.Item1, committing.Item2);
                timings.ServerCpu = ImportTimings.ProcessCpu(connection.ProcessID) - serverCpu;
            }
        }
        catch
        {
            job.RowsWritten = 0;
            throw;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task WriteBatchAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ImportPlan plan, ImportJob job, ImportRow[] rows, CancellationToken ct)
    {
        var users = plan.Target == FieldTarget.Users;
        var started = Stopwatch.GetTimestamp();
        var created = rows.Where(r => r.ExistingId is null).ToList();
        var updated = rows.Where(r => r.ExistingId is not null).ToList();
        // Updated users whose groups the file sets: their memberships are replaced, and their values may leave their cards.
        int[] regrouped = users ? [.. updated.Where(r => r.GroupIds is not null).Select(r => r.ExistingId!.Value)] : [];
        var ids = await ReserveIdsAsync(connection, users ? "Users" : "Companies", created.Count, ct);
        for (var i = 0; i < created.Count; i++) created[i].ExistingId = ids[i];

        // Updated cards first lose the index rows of their changed fields, which get new ones below.
        var changed = updated.SelectMany(r => r.ChangedFields.Select(f => (Id: r.ExistingId!.Value, Field: f))).ToList();
        if (changed.Count > 0)
        {
            await using var clear = new NpgsqlCommand("""
                DELETE FROM "CustomFieldIndex" i USING unnest(@ids, @fields) AS c(id, field)
                WHERE i."EntityKind" = @k AND i."EntityId" = c.id AND i."FieldId" = c.field
                """, connection);
            clear.CommandTimeout = PostgresImportSql.TimeoutSeconds;
            clear.Parameters.AddWithValue("k", (short)plan.Target);
            clear.Parameters.AddWithValue("ids", changed.Select(c => c.Id).ToArray());
            clear.Parameters.AddWithValue("fields", changed.Select(c => c.Field).ToArray());
            await clear.ExecuteNonQueryAsync(ct);
        }
        if (updated.Count > 0)
        {
            // The updated cards' other text rows take their (maybe new) sort names (ADR 0010); unchanged ones are not written.
            await using var sort = new NpgsqlCommand("""
                UPDATE "CustomFieldIndex" i SET "SortKey" = c.name FROM unnest(@ids, @names) AS c(id, name)
                WHERE i."EntityKind" = @k AND i."EntityId" = c.id AND i."Text" IS NOT NULL AND i."SortKey" IS DISTINCT FROM c.name
                """, connection);
            sort.CommandTimeout = PostgresImportSql.TimeoutSeconds;
            sort.Parameters.AddWithValue("k", (short)plan.Target);
            sort.Parameters.AddWithValue("ids", updated.Select(r => r.ExistingId!.Value).ToArray());
            sort.Parameters.AddWithValue("names", updated.Select(r => r.NormalizedName).ToArray());
            await sort.ExecuteNonQueryAsync(ct);
        }
        await ForIdsAsync(connection, """DELETE FROM "UserGroupMembers" WHERE "UserId" = ANY(@ids)""", regrouped, ct);
        foreach (var chunk in updated.Chunk(BatchSize))
        {
            await using var batch = new NpgsqlBatch(connection, tx) { Timeout = PostgresImportSql.TimeoutSeconds };
            foreach (var row in chunk) batch.BatchCommands.Add(PostgresImportSql.Update(users, row, plan.NowMs));
            await batch.ExecuteNonQueryAsync(ct);
        }

        ct.ThrowIfCancellationRequested();
        // The awaits above may change threads: their wall time counts, the thread CPU from here on.
        job.Timings?.AddWall(ImportPhase.Cards, started);
        var mark = job.Timings is null ? default : ImportTimings.Mark();
        if (users) PostgresImportSql.CopyUsers(connection, created, plan.NowMs);
        else PostgresImportSql.CopyCompanies(connection, created, plan.NowMs);
        mark = job.Timings?.Add(ImportPhase.Cards, mark) ?? mark;
        if (users) CopyMembers(connection, rows);
        mark = job.Timings?.Add(ImportPhase.Members, mark) ?? mark;
        CopyIndex(connection, plan.Target, rows);
        // Cards that changed groups may keep values no longer on them (ADR 0012).
        await ForIdsAsync(connection, Server.Features.ContactFields.Values.HiddenValues.MarkUsersSql("SELECT unnest(@ids)"), regrouped, ct);
        job.Timings?.Add(ImportPhase.Index, mark);
    }

    /// <summary>Draws ids from the identity sequence: explicit ids in COPY, and the app's next insert still gets a fresh one.</summary>
    private static async Task<List<int>> ReserveIdsAsync(NpgsqlConnection connection, string table, int count, CancellationToken ct)
    {
        var ids = new List<int>(count);
        if (count == 0) return ids;
        await using var cmd = new NpgsqlCommand($"""SELECT nextval(pg_get_serial_sequence('"{table}"', 'Id'))::int FROM generate_series(1, @n)""", connection);
        cmd.Parameters.AddWithValue("n", count);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt32(0));
        return ids;
    }

    /// <summary>Runs <paramref name="sql"/> with the array <c>@ids</c> in the import's transaction; nothing when there are none.</summary>
    private static async Task ForIdsAsync(NpgsqlConnection connection, string sql, int[] ids, CancellationToken ct)
    {
        if (ids.Length == 0) return;
        await using var cmd = new NpgsqlCommand(sql, connection) { CommandTimeout = PostgresImportSql.TimeoutSeconds };
        cmd.Parameters.AddWithValue("ids", ids);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // The two COPYs below carry most of the data (21 index rows per card): synchronous writes
    // cost a fraction of the CPU of an awaited call per value, and this runs on a background job.
    private static void CopyMembers(NpgsqlConnection connection, ImportRow[] rows)
    {
        using var w = connection.BeginBinaryImport("""COPY "UserGroupMembers" ("UserGroupId", "UserId") FROM STDIN (FORMAT BINARY)""");
        w.Timeout = TimeSpan.FromSeconds(PostgresImportSql.TimeoutSeconds);
        foreach (var row in rows)
            foreach (var group in row.GroupIds ?? [])
            {
                w.StartRow();
                w.Write(group, NpgsqlDbType.Integer);
                w.Write(row.ExistingId!.Value, NpgsqlDbType.Integer);
            }
        w.Complete();
    }

    private static void CopyIndex(NpgsqlConnection connection, FieldTarget target, ImportRow[] rows)
    {
        using var w = connection.BeginBinaryImport(
            """COPY "CustomFieldIndex" ("EntityKind", "EntityId", "FieldId", "Seq", "Text", "Number", "Date", "SortKey") FROM STDIN (FORMAT BINARY)""");
        w.Timeout = TimeSpan.FromSeconds(PostgresImportSql.TimeoutSeconds);
        foreach (var row in rows)
            foreach (var r in row.Index)
            {
                w.StartRow();
                w.Write((short)target, NpgsqlDbType.Smallint);
                w.Write(row.ExistingId!.Value, NpgsqlDbType.Integer);
                w.Write(r.FieldId, NpgsqlDbType.Integer);
                w.Write(r.Seq, NpgsqlDbType.Smallint);
                if (r.Text is null) w.WriteNull(); else w.Write(r.Text, NpgsqlDbType.Varchar);
                if (r.Number is { } n) w.Write(n, NpgsqlDbType.Double); else w.WriteNull();
                if (r.Date is { } d) w.Write(d, NpgsqlDbType.Date); else w.WriteNull();
                if (r.Text is null) w.WriteNull(); else w.Write(row.NormalizedName, NpgsqlDbType.Varchar);
            }
        w.Complete();
    }
}
