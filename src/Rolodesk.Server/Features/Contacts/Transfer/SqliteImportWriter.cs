using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// SQLite's bulk path: one transaction (WAL and durability unchanged), cards written a batch at
/// a time (as the check passes them) through prepared single-row inserts bound by position
/// (<see cref="SqliteRawInsert"/>); each batch's filter index rows go in
/// sorted by (field, value) (<see cref="IndexRowOrder"/>), so the value index's B-tree is walked in order, not hit at random.
/// EF's change tracking would cost an order of magnitude more for 100,000 cards.
/// </summary>
public sealed class SqliteImportWriter(RolodeskDbContext db, ILogger<SqliteImportWriter> log) : IImportWriter
{
    public bool OrdersIndexRows => true;

    public async Task WriteAsync(ImportPlan plan, ImportJob job, CancellationToken ct)
    {
        // Opened through EF so the server's connection interceptor runs (WAL, foreign keys on).
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.ExecuteSqlRawAsync(SqliteImportSql.BigCache, ct);
            await db.Database.ExecuteSqlRawAsync(SqliteImportSql.NoAutoCheckpoint, ct);
            // Microsoft.Data.Sqlite starts with BEGIN IMMEDIATE: the write lock is taken up front,
            // so the ids drawn below stay free until the commit.
            await using var tx = await connection.BeginTransactionAsync(ct);
            var users = plan.Target == FieldTarget.Users;
            var sql = users ? SqliteImportSql.Users : SqliteImportSql.Companies;
            var kind = (byte)plan.Target;
            var next = Convert.ToInt32(Scalar(connection, tx, SqliteImportSql.NextId(users ? "Users" : "Companies")), CultureInfo.InvariantCulture);
            var raw = (SqliteConnection)connection;
            using var insert = new SqliteRawInsert(raw, sql.Insert);
            using var addMembers = new SqliteRawInsert(raw, SqliteImportSql.AddMembers);
            using var addIndex = new SqliteRawInsert(raw, SqliteImportSql.AddIndex);
            await using var update = Command(connection, tx, sql.Update);
            await using var clearMembers = Command(connection, tx, SqliteImportSql.ClearMembers);
            await using var clearIndex = Command(connection, tx, SqliteImportSql.ClearIndex);
            await using var sortIndex = Command(connection, tx, SqliteImportSql.SortIndex);
            var members = new List<(int Group, int Id)>();
            var regrouped = new List<int>();
            var ids = new int[ImportBatches.Size];
            await foreach (var chunk in plan.Batches.ReadAllAsync(ct))
            {
                if (plan.Doomed()) continue; // the check goes on to report every error; nothing will be kept
                ct.ThrowIfCancellationRequested();
                var mark = job.Timings is null ? default : ImportTimings.Mark();
                var rows = chunk.Rows;
                if (ids.Length < rows.Length) ids = new int[rows.Length];
                for (var at = 0; at < rows.Length; at++)
                {
                    var row = rows[at];
                    int id;
                    if (row.ExistingId is { } existing)
                    {
                        id = existing;
                        Set(update, users ? SqliteImportSql.UserUpdateValues(row, plan.NowMs) : SqliteImportSql.CompanyUpdateValues(row, plan.NowMs));
                        update.ExecuteNonQuery();
                        // Old rows go before the new ones are added (below, after the cards of this round).
                        foreach (var field in row.ChangedFields)
                        {
                            Set(clearIndex, kind, id, field);
                            clearIndex.ExecuteNonQuery();
                        }
                        Set(sortIndex, kind, id, row.NormalizedName);
                        sortIndex.ExecuteNonQuery();
                        if (row.GroupIds is not null)
                        {
                            Set(clearMembers, id);
                            clearMembers.ExecuteNonQuery();
                            regrouped.Add(id);
                        }
                    }
                    else
                    {
                        id = next++;
                        sql.Bind(insert, row, id, plan.NowMs);
                    }
                    ids[at] = id;
                    foreach (var group in row.GroupIds ?? []) members.Add((group, id));
                }
                mark = job.Timings?.Add(ImportPhase.Cards, mark) ?? mark;
                // Cards first: memberships refer to them by foreign key.
                foreach (var (group, id) in members) addMembers.Int(group).Int(id).Step();
                mark = job.Timings?.Add(ImportPhase.Members, mark) ?? mark;
                // Already in the value index's order (sorted by the check's thread).
                foreach (var (at, r) in chunk.Index) addIndex.Int(kind).Int(ids[at]).Int(r.FieldId).Int(r.Seq).Text(r.Text).Real(r.Number).Date(r.Date)
                        .Text(r.Text is null ? null : rows[at].NormalizedName).Step();
                job.Timings?.Add(ImportPhase.Index, mark);
                members.Clear();
                job.RowsWritten += rows.Length;
            }
            if (plan.Doomed())
            {
                job.RowsWritten = 0;
                return; // disposing the transaction rolls it back
            }
            if (regrouped.Count > 0)
            {
                // Cards that changed groups may keep values no longer on them (ADR 0012).
                await using var hide = Command(connection, tx, Server.Features.ContactFields.Values.HiddenValues.MarkUsersSql("SELECT value FROM json_each($p0)"));
                Set(hide, "[" + string.Join(',', regrouped) + "]");
                hide.ExecuteNonQuery();
            }
            var committing = job.Timings is null ? default : ImportTimings.Mark();
            await tx.CommitAsync(ct);
            job.Timings?.Add(ImportPhase.Commit, committing);
        }
        catch
        {
            job.RowsWritten = 0;
            throw;
        }
        finally
        {
            // The connection goes back to the pool: give the memory back.
            await db.Database.ExecuteSqlRawAsync(SqliteImportSql.DefaultCache + "; " + SqliteImportSql.DefaultAutoCheckpoint, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Copies the import's pages from the WAL into the database file (a passive checkpoint: it
    /// waits for no reader). The commit left them in the WAL (auto-checkpoint off on the import's
    /// connection), so the job shows as completed without waiting for this; readers meanwhile find
    /// the new pages in the WAL. Left undone (a failure), SQLite's next auto-checkpoint does it.
    /// </summary>
    public async Task AfterCommitAsync(ImportJob job, CancellationToken ct)
    {
        var mark = job.Timings is null ? default : ImportTimings.Mark();
        try
        {
            await db.Database.ExecuteSqlRawAsync(SqliteImportSql.Checkpoint, ct);
        }
        catch (SqliteException e)
        {
            log.LogWarning(e, "Checkpoint after import {ImportId} failed; SQLite's next auto-checkpoint will do it", job.Id);
        }
        job.Timings?.Add(ImportPhase.Checkpoint, mark);
    }

    private static object? Scalar(DbConnection connection, DbTransaction tx, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    /// <summary>A prepared command whose parameters are $p0, $p1, … in order of appearance.</summary>
    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        for (var i = 0; sql.Contains($"$p{i}", StringComparison.Ordinal); i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = $"$p{i}";
            cmd.Parameters.Add(p);
        }
        cmd.Prepare();
        return cmd;
    }
}
