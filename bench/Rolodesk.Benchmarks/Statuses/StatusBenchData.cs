using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Rolodesk.Benchmarks.Data;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.Contacts;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Statuses;

namespace Rolodesk.Benchmarks.Statuses;

/// <summary>
/// A fresh database of N agents for the status benchmarks, and the server's own status classes
/// wired by hand (one context and changer per worker, as one request would have).
/// </summary>
internal sealed class StatusBenchData(DatabaseProvider provider, string connection)
{
    public const string DefaultPostgres = "Host=127.0.0.1;Username=postgres;Password=postgres;Database=status_perf_bench";
    public static readonly string DefaultSqlite = $"Data Source={Path.Combine(Path.GetTempPath(), "status-perf-bench", "statuses.db")}";

    public DatabaseProvider Provider => provider;

    /// <summary>The PostgreSQL database's name (its backends' CPU is measured); null on SQLite.</summary>
    public string? PostgresDatabase { get; } = provider == DatabaseProvider.Postgres ? new NpgsqlConnectionStringBuilder(connection).Database : null;
    public DbContextOptions<RolodeskDbContext> Options { get; } = BenchDatabase.Options(provider, connection);
    public SystemStatusIds System { get; } = new();
    /// <summary>Lanes of the PostgreSQL group commit (<c>--lanes</c>; 0 = the app's default).</summary>
    public static int Lanes { get; set; }

    public StatusWriteGate Gate { get; } = new(Lanes);
    public InProcessStatusEvents Events { get; } = new(NullLogger<InProcessStatusEvents>.Instance);
    public List<int> Agents { get; private set; } = [];
    public int Online { get; private set; }
    public int OnHold { get; private set; }
    public int Custom { get; private set; }

    public StatusChanger Changer(RolodeskDbContext db) =>
        new(db, System, Events, TimeProvider.System, Gate, NullLogger<StatusChanger>.Instance);

    public InactivitySweep Sweep(RolodeskDbContext db) => new(db, Changer(db), System, TimeProvider.System);

    /// <summary>Drops and recreates the database, generates the agents and signs every one in (their first change: Offline since creation closed, Online open).</summary>
    public async Task CreateAsync(int agents, TextWriter log)
    {
        await DropAsync(provider, connection);
        await Generator.GenerateAsync(provider, connection, agents, Math.Max(1, agents / 100), 7, TextWriter.Null);
        await using var db = new RolodeskDbContext(Options);
        var groups = await db.UserGroups.ToDictionaryAsync(g => g.Name, g => g.Id);
        await db.Database.ExecuteSqlRawAsync("""UPDATE "UserGroupMembers" SET "UserGroupId" = {0} WHERE "UserGroupId" = {1}""", groups[DefaultGroups.Agents], groups[DefaultGroups.Clients]);
        await StatusSeed.EnsureDefaultStatusesAsync(db);
        db.Statuses.Add(new Status { Name = "Lunch", Color = "#1565C0", Position = 3 });
        await db.SaveChangesAsync();
        await LoadAsync();
        var signIn = await StatusRun.ParallelAsync(this, Agents.Count, 8, (c, n) => c.SignedInAsync(Agents[n]));
        log.WriteLine($"{provider}: {Agents.Count:N0} agents generated and signed in: {signIn}");
        // As autovacuum would soon on a live desk: without statistics (and hint bits) PostgreSQL plans the status
        // statements (prepared while the tables were empty) with scans, which a deployment never sees for long.
        if (provider == DatabaseProvider.Postgres)
        {
            await using var analyze = new RolodeskDbContext(Options);
            await analyze.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "AgentPresence", "StatusIntervals", "Users", "UserGroupMembers", "UserGroups", "Statuses" """);
        }
    }

    public async Task LoadAsync()
    {
        await using var db = new RolodeskDbContext(Options);
        var ids = await System.AllAsync(db);
        (Online, OnHold) = (ids[SystemStatuses.Online], ids[SystemStatuses.OnHold]);
        Custom = await db.Statuses.Where(s => s.SystemKey == null).Select(s => s.Id).FirstOrDefaultAsync();
        Agents = await db.Users.Where(u => u.Groups.Any(g => g.Kind == UserGroupKind.Agents)).OrderBy(u => u.Id).Select(u => u.Id).ToListAsync();
    }

    /// <summary>A known agent (the first) and administrator for the HTTP runs.</summary>
    public async Task EnsureUsersAsync(string agentEmail, string password, string adminEmail, TextWriter log)
    {
        await using var db = new RolodeskDbContext(Options);
        await BenchAdmin.EnsureAsync(db, adminEmail, password, log);
        var agent = await db.Users.SingleAsync(u => u.Id == Agents[0]);
        agent.Email = agent.UserName = agentEmail;
        agent.NormalizedEmail = agent.NormalizedUserName = BenchDatabase.Normalizer.NormalizeEmail(agentEmail);
        agent.PasswordHash = new PasswordHasher<User>().HashPassword(agent, password);
        await db.SaveChangesAsync();
        log.WriteLine($"Agent {agentEmail} (id {agent.Id}) is ready; agents {Agents[0]}-{Agents[^1]}; statuses online {Online}, on hold {OnHold}, lunch {Custom}.");
    }

    /// <summary>
    /// Checks the history invariant over every agent in SQL: per agent intervals back to back in
    /// sequence order, exactly one open. Returns the number of broken agents/rows (0 = sound).
    /// </summary>
    public async Task<(long Intervals, long Gaps, long OpenWrong)> CheckAsync()
    {
        await using var db = new RolodeskDbContext(Options);
        var intervals = await db.StatusIntervals.LongCountAsync();
        var gaps = await db.Database.SqlQueryRaw<long>("""
            SELECT COUNT(*) AS "Value" FROM (SELECT "Started", LAG("Ended") OVER (PARTITION BY "AgentId" ORDER BY "Sequence") AS prev,
              ROW_NUMBER() OVER (PARTITION BY "AgentId" ORDER BY "Sequence") AS n FROM "StatusIntervals") x
            WHERE n > 1 AND (prev IS NULL OR prev <> "Started")
            """).SingleAsync();
        var openWrong = await db.AgentPresence.LongCountAsync(p => db.StatusIntervals.Count(i => i.AgentId == p.UserId && i.Ended == null) != 1);
        return (intervals, gaps, openWrong);
    }

    /// <summary>Drops the bench database (PostgreSQL) or deletes its files (SQLite), so a run starts from nothing.</summary>
    internal static async Task DropAsync(DatabaseProvider provider, string connection)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var b = new NpgsqlConnectionStringBuilder(connection);
            var name = b.Database ?? throw new ArgumentException("The PostgreSQL connection needs a Database=.");
            b.Database = "postgres";
            await using var c = new NpgsqlConnection(b.ConnectionString);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
            await cmd.ExecuteNonQueryAsync();
            return;
        }
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
    }
}
