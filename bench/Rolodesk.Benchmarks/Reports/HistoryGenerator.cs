using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Rolodesk.Benchmarks.Data;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Statuses;

namespace Rolodesk.Benchmarks.Reports;

/// <summary>
/// A year of status history for N agents, written straight into the tables as the status changer
/// would have left them: per agent an Offline interval from creation, then back-to-back changes at
/// random gaps (mean <c>minutes</c>) to a status other than the current one, the last open; a
/// presence row per agent. Bulk paths as the other generators: SQLite prepared commands in one
/// transaction, PostgreSQL binary COPY.
/// </summary>
internal sealed class HistoryGenerator(DatabaseProvider provider, string connection)
{
    public DbContextOptions<RolodeskDbContext> Options { get; } = BenchDatabase.Options(provider, connection);

    private sealed record Interval(Guid Id, int AgentId, long Sequence, int StatusId, long Started, long? Ended, string? Source, int? Previous);

    public async Task<long> GenerateAsync(int agents, int days, double meanMinutes, int seed, TextWriter log)
    {
        await Generator.GenerateAsync(provider, connection, agents, Math.Max(1, agents / 100), seed, TextWriter.Null);
        await using var db = new RolodeskDbContext(Options);
        var groups = await db.UserGroups.ToDictionaryAsync(g => g.Name, g => g.Id);
        await db.Database.ExecuteSqlRawAsync("""UPDATE "UserGroupMembers" SET "UserGroupId" = {0} WHERE "UserGroupId" = {1}""", groups[DefaultGroups.Agents], groups[DefaultGroups.Clients]);
        await StatusSeed.EnsureDefaultStatusesAsync(db);
        db.Statuses.Add(new Status { Name = "Lunch", Color = "#1565C0", Position = 3 });
        db.Statuses.Add(new Status { Name = "Training", Color = "#6D4C41", Position = 4, DeletedAt = DateTimeOffset.UtcNow }); // deleted: history keeps it
        await db.SaveChangesAsync();
        var statuses = await db.Statuses.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        var offline = (await new SystemStatusIds().AllAsync(db))[SystemStatuses.Offline];
        var ids = await db.Users.Where(u => u.Groups.Any(g => g.Kind == UserGroupKind.Agents)).OrderBy(u => u.Id).Select(u => u.Id).ToListAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var created = now - (days + 1) * 86_400_000L;
        await db.Database.ExecuteSqlRawAsync("""UPDATE "Users" SET "CreatedAt" = {0}""", created);

        var random = new Random(seed);
        var presence = new List<AgentPresence>();
        IEnumerable<Interval> History(int agent)
        {
            var (t, status, seq) = (created, offline, 0L);
            var id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(t));
            while (true)
            {
                // Exponential gaps: many short stays, a few long ones, mean as asked.
                var next = t + (long)(-Math.Log(1 - random.NextDouble()) * meanMinutes * 60_000);
                if (next >= now)
                {
                    presence.Add(new AgentPresence { UserId = agent, StatusId = status, Since = DateTimeOffset.FromUnixTimeMilliseconds(t), OpenIntervalId = id, LastActivityAt = DateTimeOffset.FromUnixTimeMilliseconds(now), Version = seq });
                    yield return new Interval(id, agent, seq, status, t, null, seq == 0 ? null : "Self", null);
                    yield break;
                }
                var to = statuses[random.Next(statuses.Count - 1)];
                if (to == status) to = statuses[^1];
                var nextId = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(next));
                yield return new Interval(id, agent, seq, status, t, next, seq == 0 ? null : "Self", null);
                (t, status, seq, id) = (next, to, seq + 1, nextId);
            }
        }
        var rows = provider == DatabaseProvider.Postgres
            ? await CopyAsync(db, ids.SelectMany(History), log)
            : await InsertSqliteAsync(db, ids.SelectMany(History), log);
        db.AgentPresence.AddRange(presence);
        await db.SaveChangesAsync();
        if (provider == DatabaseProvider.Postgres) await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "StatusIntervals", "AgentPresence", "Users" """);
        else await db.Database.ExecuteSqlRawAsync("ANALYZE");
        return rows;
    }

    private static async Task<long> InsertSqliteAsync(RolodeskDbContext db, IEnumerable<Interval> intervals, TextWriter log)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var c = db.Database.GetDbConnection();
            await Exec(c, "PRAGMA cache_size=-1048576");
            // Building the two secondary indexes once, sorted, after the rows are in is several times faster than keeping them up per row.
            await Exec(c, """DROP INDEX "IX_StatusIntervals_AgentId_Started"; DROP INDEX "IX_StatusIntervals_AgentId_Sequence" """);
            await using var tx = await c.BeginTransactionAsync();
            await using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO "StatusIntervals" ("Id", "AgentId", "Sequence", "StatusId", "Started", "Ended", "Source", "ActorUserId", "Reason", "PreviousStatusId")
                VALUES ($id, $agent, $seq, $status, $started, $ended, $source, NULL, NULL, $previous)
                """;
            foreach (var name in new[] { "id", "agent", "seq", "status", "started", "ended", "source", "previous" })
            {
                var p = cmd.CreateParameter();
                p.ParameterName = "$" + name;
                cmd.Parameters.Add(p);
            }
            cmd.Prepare();
            long n = 0;
            foreach (var i in intervals)
            {
                cmd.Parameters[0].Value = i.Id.ToString().ToUpperInvariant();
                cmd.Parameters[1].Value = i.AgentId;
                cmd.Parameters[2].Value = i.Sequence;
                cmd.Parameters[3].Value = i.StatusId;
                cmd.Parameters[4].Value = i.Started;
                cmd.Parameters[5].Value = (object?)i.Ended ?? DBNull.Value;
                cmd.Parameters[6].Value = (object?)i.Source ?? DBNull.Value;
                cmd.Parameters[7].Value = (object?)i.Previous ?? DBNull.Value;
                await cmd.ExecuteNonQueryAsync();
                if (++n % 1_000_000 == 0) log.WriteLine($"  {n:N0} intervals");
            }
            await tx.CommitAsync();
            await Exec(c, """
                CREATE INDEX "IX_StatusIntervals_AgentId_Started" ON "StatusIntervals" ("AgentId", "Started");
                CREATE UNIQUE INDEX "IX_StatusIntervals_AgentId_Sequence" ON "StatusIntervals" ("AgentId", "Sequence");
                """);
            return n;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> CopyAsync(RolodeskDbContext db, IEnumerable<Interval> intervals, TextWriter log)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var c = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var w = await c.BeginBinaryImportAsync("""
                COPY "StatusIntervals" ("Id", "AgentId", "Sequence", "StatusId", "Started", "Ended", "Source", "ActorUserId", "Reason", "PreviousStatusId") FROM STDIN (FORMAT BINARY)
                """);
            w.Timeout = TimeSpan.FromHours(1); // the final commit of 10M rows and their indexes outlasts the default 30 s
            long n = 0;
            foreach (var i in intervals)
            {
                await w.StartRowAsync();
                await w.WriteAsync(i.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(i.AgentId, NpgsqlDbType.Integer);
                await w.WriteAsync(i.Sequence, NpgsqlDbType.Bigint);
                await w.WriteAsync(i.StatusId, NpgsqlDbType.Integer);
                await w.WriteAsync(i.Started, NpgsqlDbType.Bigint);
                if (i.Ended is { } e) await w.WriteAsync(e, NpgsqlDbType.Bigint); else await w.WriteNullAsync();
                if (i.Source is { } s) await w.WriteAsync(s, NpgsqlDbType.Varchar); else await w.WriteNullAsync();
                await w.WriteNullAsync();
                await w.WriteNullAsync();
                await w.WriteNullAsync();
                if (++n % 1_000_000 == 0) log.WriteLine($"  {n:N0} intervals");
            }
            await w.CompleteAsync();
            return n;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task Exec(DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
