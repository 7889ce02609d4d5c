using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// SQLite's bulk path: one transaction (WAL and durability unchanged), cards written a batch at
/// a time (as the check passes them) through prepared single-row inserts bound by position
/// (<see cref="SqliteRawInsert"/>); each batch's filter index rows go in
/// sorted by (field, value), so the value indexes' B-trees are walked in order, not hit at random.
/// EF's change tracking would cost an order of magnitude more for 100,000 cards.
/// </summary>
public sealed class SqliteImportWriter(RolodeskDbContext db) : IImportWriter
{
    public async Task WriteAsync(ImportPlan plan, ImportJob job, CancellationToken ct)
    {
        // Opened through EF so the server's connection interceptor runs (WAL, foreign keys on).
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.ExecuteSqlRawAsync(SqliteImportSql.BigCache, ct);
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
            var members = new List<(int Group, int Id)>();
            var index = new List<(int Id, IndexRow Row)>();
            await foreach (var chunk in plan.Batches.ReadAllAsync(ct))
            {
                if (plan.Doomed()) continue; // the check goes on to report every error; nothing will be kept
                ct.ThrowIfCancellationRequested();
                var started = Stopwatch.GetTimestamp();
                foreach (var row in chunk)
                {
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
                        if (row.GroupIds is not null)
                        {
                            Set(clearMembers, id);
                            clearMembers.ExecuteNonQuery();
                        }
                    }
                    else
                    {
                        id = next++;
                        sql.Bind(insert, row, id, plan.NowMs);
                    }
                    foreach (var group in row.GroupIds ?? []) members.Add((group, id));
                    foreach (var r in row.Index) index.Add((id, r));
                }
                var cards = Stopwatch.GetTimestamp();
                // Cards first: memberships refer to them by foreign key.
                foreach (var (group, id) in members) addMembers.Int(group).Int(id).Step();
                var memberships = Stopwatch.GetTimestamp();
                // A struct comparer: the sort's comparisons inline (a Comparison delegate cost 3 % of the import's CPU).
                CollectionsMarshal.AsSpan(index).Sort(new ByFieldAndValue());
                foreach (var (id, r) in index) addIndex.Int(kind).Int(id).Int(r.FieldId).Int(r.Seq).Text(r.Text).Real(r.Number).Date(r.Date).Step();
                job.Timings?.Add(cards - started, memberships - cards, Stopwatch.GetTimestamp() - memberships);
                members.Clear();
                index.Clear();
                job.RowsWritten += chunk.Length;
            }
            if (plan.Doomed())
            {
                job.RowsWritten = 0;
                return; // disposing the transaction rolls it back
            }
            await tx.CommitAsync(ct);
        }
        catch
        {
            job.RowsWritten = 0;
            throw;
        }
        finally
        {
            // The connection goes back to the pool: give the memory back.
            await db.Database.ExecuteSqlRawAsync(SqliteImportSql.DefaultCache, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The order of the value indexes (field, text | number | date, card); binary text order as SQLite's default collation.</summary>
    private readonly struct ByFieldAndValue : IComparer<(int Id, IndexRow Row)>
    {
        public int Compare((int Id, IndexRow Row) a, (int Id, IndexRow Row) b)
        {
            var c = a.Row.FieldId.CompareTo(b.Row.FieldId);
            if (c == 0) c = string.CompareOrdinal(a.Row.Text, b.Row.Text);
            if (c == 0) c = Nullable.Compare(a.Row.Number, b.Row.Number);
            if (c == 0) c = Nullable.Compare(a.Row.Date, b.Row.Date);
            return c != 0 ? c : a.Id.CompareTo(b.Id);
        }
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
