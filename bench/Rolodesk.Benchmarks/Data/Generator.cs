using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Data;

namespace Rolodesk.Benchmarks.Data;

/// <summary>The <c>generate</c> command: migrate, seed default groups, then bulk-insert companies and users.</summary>
internal static class Generator
{
    // Bounded batches keep memory flat for millions of rows; each batch is one transaction.
    private const int BatchSize = 50_000;

    public static async Task<int> RunAsync(Options o)
    {
        var provider = BenchDatabase.ParseProvider(o.Get("provider", "sqlite"));
        var connection = o.Get("connection") ?? BenchDatabase.DefaultConnection(provider);
        var users = o.GetInt("users", 100_000);
        var companies = o.GetInt("companies", Math.Max(1, users / 100));
        // --top-up: make the total N rather than add N, so scripts can call it on every run.
        if (o.Get("top-up") is not null) await EnsureUsersAsync(provider, connection, users, Console.Out, o.Get("fields") is not null);
        else await GenerateAsync(provider, connection, users, companies, o.GetInt("seed", 42), Console.Out, o.Get("fields") is not null);
        if (o.Get("admin-email") is { } email)
        {
            await using var db = new RolodeskDbContext(BenchDatabase.Options(provider, connection));
            await BenchAdmin.EnsureAsync(db, email, o.Required("admin-password"), Console.Out);
        }
        return 0;
    }

    /// <summary>Used by the benchmarks' GlobalSetup: tops the database up to <paramref name="target"/> users.</summary>
    public static async Task EnsureUsersAsync(DatabaseProvider provider, string connection, int target, TextWriter log, bool fields = false)
    {
        await using var db = new RolodeskDbContext(BenchDatabase.Options(provider, connection));
        await BenchDatabase.EnsureSchemaAsync(db);
        var existing = await db.Users.CountAsync();
        if (existing >= target)
        {
            log.WriteLine($"{provider}: the database already holds {existing:N0} users (>= {target:N0}); nothing generated.");
            return;
        }
        var missing = target - existing;
        await GenerateAsync(provider, connection, missing, Math.Max(1, missing / 100), 42, log, fields);
    }

    /// <param name="fields">Also create the <see cref="BenchFields"/> and fill each card's values document and index rows.</param>
    public static async Task GenerateAsync(DatabaseProvider provider, string connection, int users, int companies, int seed, TextWriter log, bool fields = false)
    {
        var ct = CancellationToken.None;
        await using var db = new RolodeskDbContext(BenchDatabase.Options(provider, connection));
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await BenchDatabase.EnsureSchemaAsync(db);
        var clients = await db.UserGroups.Where(g => g.Name == DefaultGroups.Clients).Select(g => g.Id).SingleOrDefaultAsync(ct);
        if (clients == 0) throw new InvalidOperationException($"The '{DefaultGroups.Clients}' user group is missing; it is needed for the generated users.");

        var firstId = (await db.Users.MaxAsync(u => (int?)u.Id, ct) ?? 0) + 1;
        var fake = new FakePeople(seed + firstId);
        var companyIds = await InsertCompaniesAsync(db, fake, companies, ct);
        if (companyIds.Count == 0) companyIds = await db.Companies.Select(c => c.Id).ToListAsync(ct);
        var values = fields ? new BenchValues(await BenchFields.EnsureAsync(db, ct), seed + firstId) : null;
        log.WriteLine($"{provider}: {companies:N0} companies; generating {users:N0} users from id {firstId:N0}{(fields ? " with custom field values" : "")}...");

        var clock = Stopwatch.StartNew();
        var inserting = TimeSpan.Zero;
        long indexRows = 0;
        for (var done = 0; done < users; done += BatchSize)
        {
            var count = Math.Min(BatchSize, users - done);
            var batch = new List<FakeUser>(count);
            for (var i = 0; i < count; i++) batch.Add(fake.User(firstId + done + i, companyIds));
            var cards = BenchBatch.None;
            if (values is not null) foreach (var u in batch) cards.Documents[u.Id] = values.Make(u.Id, u.NormalizedName, cards.IndexRows);
            var start = Stopwatch.GetTimestamp();
            if (provider == DatabaseProvider.Postgres) await PostgresBulk.InsertAsync(db, batch, clients, cards, ct);
            else await SqliteBulk.InsertAsync(db, batch, clients, cards, ct);
            inserting += Stopwatch.GetElapsedTime(start);
            indexRows += cards.IndexRows.Count;
            log.WriteLine($"  {done + count:N0} / {users:N0} ({indexRows:N0} index rows)");
        }
        clock.Stop();
        log.WriteLine($"{provider}: {users:N0} users (+ group memberships) in {clock.Elapsed.TotalSeconds:N1} s = {Rate(users, clock.Elapsed):N0} users/s "
            + $"(database insert alone: {inserting.TotalSeconds:N1} s = {Rate(users, inserting):N0} users/s)");
        if (provider == DatabaseProvider.Sqlite)
        {
            // Without statistics SQLite probed a 100,000-entry number range per card instead of the
            // (kind, card, field) index: 40 s instead of milliseconds (docs/PERFORMANCE.md). PostgreSQL is ANALYZEd per batch.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(15));
            await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
        }
        log.WriteLine($"{provider}: the database now holds {await db.Users.CountAsync(ct):N0} users.");
    }

    private static double Rate(int rows, TimeSpan elapsed) => rows / Math.Max(elapsed.TotalSeconds, 1e-6);

    private static async Task<List<int>> InsertCompaniesAsync(RolodeskDbContext db, FakePeople fake, int count, CancellationToken ct)
    {
        if (count == 0) return [];
        var offset = await db.Companies.CountAsync(ct);
        var now = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(offset, count).Select(n =>
        {
            var c = fake.Company(n);
            return new Company { Name = c.Name, NormalizedName = c.Name.ToUpperInvariant(), Domain = c.Domain, CreatedAt = now, UpdatedAt = now };
        }).ToList();
        db.Companies.AddRange(rows);
        await db.SaveChangesAsync(ct);
        return [.. rows.Select(c => c.Id)];
    }
}
