using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// SQLite's bulk path: one transaction, a handful of prepared commands re-executed per row
/// (EF's change tracking would cost an order of magnitude more for 100,000 cards).
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
            // Microsoft.Data.Sqlite starts with BEGIN IMMEDIATE: the write lock is taken up front.
            await using var tx = await connection.BeginTransactionAsync(ct);
            var sql = plan.Target == FieldTarget.Users ? SqliteImportSql.Users : SqliteImportSql.Companies;
            await using var insert = Command(connection, tx, sql.Insert);
            await using var update = Command(connection, tx, sql.Update);
            await using var addMember = Command(connection, tx, SqliteImportSql.AddMember);
            await using var clearMembers = Command(connection, tx, SqliteImportSql.ClearMembers);
            await using var addIndex = Command(connection, tx, SqliteImportSql.AddIndex);
            await using var clearIndex = Command(connection, tx, SqliteImportSql.ClearIndex);
            var kind = (byte)plan.Target;
            foreach (var row in plan.Rows)
            {
                int id;
                var users = plan.Target == FieldTarget.Users;
                if (row.ExistingId is { } existing)
                {
                    id = existing;
                    Set(update, users ? SqliteImportSql.UserUpdateValues(row, plan.NowMs) : SqliteImportSql.CompanyUpdateValues(row, plan.NowMs));
                    await update.ExecuteNonQueryAsync(ct);
                    foreach (var field in row.ChangedFields)
                    {
                        Set(clearIndex, kind, id, field);
                        await clearIndex.ExecuteNonQueryAsync(ct);
                    }
                    if (row.GroupIds is not null)
                    {
                        Set(clearMembers, id);
                        await clearMembers.ExecuteNonQueryAsync(ct);
                    }
                }
                else
                {
                    Set(insert, users ? SqliteImportSql.UserValues(row, plan.NowMs) : SqliteImportSql.CompanyValues(row, plan.NowMs));
                    id = Convert.ToInt32(await insert.ExecuteScalarAsync(ct));
                }
                foreach (var group in row.GroupIds ?? [])
                {
                    Set(addMember, group, id);
                    await addMember.ExecuteNonQueryAsync(ct);
                }
                foreach (var r in row.Index)
                {
                    Set(addIndex, kind, id, r.FieldId, r.Text, r.Number, r.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    await addIndex.ExecuteNonQueryAsync(ct);
                }
                job.RowsWritten++;
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
