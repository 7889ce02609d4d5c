using System.Collections.Frozen;
using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using nietras.SeparatedValues;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Features.Contacts.Transfer;

namespace Rolodesk.Benchmarks.Data;

/// <summary>
/// The <c>import</c> command: a fresh database with 20 user fields, a generated CSV of N users,
/// then the server's own import (<see cref="CsvImport"/>, check and bulk write) run in-process
/// and timed, without HTTP (the upload is a file copy). Each run is repeated on a fresh database.
/// </summary>
internal static class ImportBench
{
    public const string DefaultPostgres = "Host=127.0.0.1;Username=postgres;Password=postgres;Database=csv_import_bench";

    public static async Task<int> RunAsync(Options o)
    {
        var provider = BenchDatabase.ParseProvider(o.Get("provider", "sqlite"));
        var connection = o.Get("connection") ?? (provider == DatabaseProvider.Postgres
            ? DefaultPostgres
            : $"Data Source={Path.Combine(Path.GetTempPath(), "rolodesk-bench", "import.db")}");
        var users = o.GetInt("users", 100_000);
        var runs = o.GetInt("runs", 3);
        // --check-only: the writer drops every batch, so the figures are the check's alone (the write's are the difference).
        var checkOnly = o.Get("check-only") == "true";
        var file = Path.Combine(Path.GetTempPath(), $"rolodesk-import-{users}.csv");
        var sw = Stopwatch.StartNew();
        ImportBenchData.WriteCsv(file, users, o.GetInt("seed", 42));
        Console.WriteLine($"CSV: {users:N0} users × 20 fields, {new FileInfo(file).Length / 1048576.0:N1} MiB, written in {sw.Elapsed.TotalSeconds:N2} s");

        ReadOnly(file);

        var totals = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            await using var services = Services(provider, connection, checkOnly);
            var actor = await FreshDatabaseAsync(services);
            var copy = Path.GetTempFileName();
            File.Copy(file, copy, true);
            var job = new ImportJob(Guid.NewGuid(), FieldTarget.Users, ImportMode.All, actor, copy, DateTimeOffset.UtcNow) { Timings = new ImportTimings() };
            await using var scope = services.CreateAsyncScope();
            var import = scope.ServiceProvider.GetRequiredService<CsvImport>();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            sw.Restart();
            // On the thread pool: the check phase is synchronous and would otherwise run inside this call.
            var running = Task.Run(() => import.RunAsync(job, CancellationToken.None));
            var checkedAt = TimeSpan.Zero;
            var checkCpu = TimeSpan.Zero;
            var finishedAt = TimeSpan.Zero;
            // The status flips to Writing once every row is checked: split the time there. The import's
            // time is until the job shows as completed (what the user waits for); the SQLite checkpoint
            // runs after that, in the same task (ImportPhase.Checkpoint).
            while (!running.IsCompleted)
            {
                if (checkedAt == TimeSpan.Zero && job.Status == ImportStatus.Writing)
                {
                    checkedAt = sw.Elapsed;
                    checkCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                }
                if (finishedAt == TimeSpan.Zero && job.Status is ImportStatus.Completed or ImportStatus.Failed) finishedAt = sw.Elapsed;
                await Task.WhenAny(running, Task.Delay(2));
            }
            await running;
            var end = sw.Elapsed;
            var total = finishedAt == TimeSpan.Zero ? end : finishedAt;
            // CPU time of this process (SQLite runs in it; PostgreSQL's server does not): a shared machine stretches wall time, not this.
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            File.Delete(copy);
            var result = job.ToResponse();
            if (result.Status != "completed" || result.RowsWritten != (checkOnly ? 0 : users))
                throw new InvalidOperationException($"Import {result.Status}, {result.RowsWritten} written: {string.Join("; ", result.Errors.Take(5))}");
            totals.Add(total.TotalSeconds);
            Console.WriteLine($"{provider} run {run}: {total.TotalSeconds:N2} s (check {checkedAt.TotalSeconds:N2} s, write {(total - checkedAt).TotalSeconds:N2} s), " +
                $"{users / total.TotalSeconds:N0} users/s, process CPU {cpuUsed.TotalSeconds:N2} s (check {checkCpu.TotalSeconds:N2} s, write {(cpuUsed - checkCpu).TotalSeconds:N2} s), " +
                $"load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, {await IndexRowsAsync(services):N0} index rows" +
                (end - total > TimeSpan.FromMilliseconds(10) ? $"; the SQLite checkpoint ended {(end - total).TotalSeconds:N2} s later" : ""));
            // Per phase, summed over batches: wall, and the CPU of the thread doing it (check and writer run side by side).
            var t = job.Timings!;
            Console.WriteLine("  phase (wall / thread CPU): " + string.Join(", ", Enum.GetValues<ImportPhase>()
                .Select(p => $"{p.ToString().ToLowerInvariant()} {t.Wall(p).TotalSeconds:N2} / {t.Cpu(p).TotalSeconds:N2} s")));
            if (t.ServerCpu is { } server) Console.WriteLine($"  PostgreSQL server process CPU over the write: {server.TotalSeconds:N2} s");
        }
        Console.WriteLine($"{provider}: best {totals.Min():N2} s, median {totals.Order().ElementAt(totals.Count / 2):N2} s over {runs} run(s)");
        return 0;
    }

    /// <summary>
    /// The first phase alone: one pass of Sep over the file with a string per cell, as the check's
    /// pass reads it (same reader options as <c>CsvImport.Open</c>). The import reads the file twice:
    /// once for the email column only, once for every cell.
    /// </summary>
    private static void ReadOnly(string file)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        long cells = 0;
        using (var reader = CsvFormat.Separator.Reader(o => o with { Unescape = true, DisableColCountCheck = true, CreateToString = SepToString.PoolPerCol(maximumStringLength: 32) }).FromFile(file))
            foreach (var row in reader)
                for (var i = 0; i < row.ColCount; i++)
                    cells += row[i].ToString().Length > 0 ? 1 : 0;
        Console.WriteLine($"CSV read alone (Sep, a string per cell): {sw.Elapsed.TotalSeconds:N2} s, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:N2} s, {cells:N0} non-empty cells");
    }

    /// <summary>What the import needs from the server's container, registered as the server does.</summary>
    private static ServiceProvider Services(DatabaseProvider provider, string connection, bool checkOnly)
    {
        var services = new ServiceCollection();
        services.AddDbContext<RolodeskDbContext>(b => DatabaseSetup.Configure(b, provider, connection), optionsLifetime: ServiceLifetime.Singleton);
        // The check reads known users on a context of its own (the server registers a pooled factory).
        services.AddDbContextFactory<RolodeskDbContext>(b => DatabaseSetup.Configure(b, provider, connection));
        services.AddSingleton(FieldTypeRegistry.Default);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILookupNormalizer, UpperInvariantLookupNormalizer>();
        services.AddSingleton<FieldDefinitionsCache>();
        services.AddScoped<CardFields>();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddRolodeskTransfer();
        if (checkOnly) services.AddScoped<IImportWriter, DiscardingWriter>();
        return services.BuildServiceProvider();
    }

    /// <summary>Takes every checked batch and writes nothing (the check-only measure).</summary>
    private sealed class DiscardingWriter : IImportWriter
    {
        // The check's work as SQLite's writer asks for it (index rows ordered per batch).
        public bool OrdersIndexRows => true;

        public async Task WriteAsync(ImportPlan plan, ImportJob job, CancellationToken ct)
        {
            await foreach (var _ in plan.Batches.ReadAllAsync(ct)) { }
        }
    }

    /// <summary>Drops and migrates the database, adds the 20 fields; returns an administrator's access.</summary>
    private static async Task<UserAccess> FreshDatabaseAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        await db.Database.EnsureDeletedAsync();
        await BenchDatabase.EnsureSchemaAsync(db);
        var groups = await db.UserGroups.ToDictionaryAsync(g => g.Name, g => g.Id);
        await ImportBenchData.CreateFieldsAsync(db, groups[DefaultGroups.Clients], groups[DefaultGroups.Administrators]);
        return new UserAccess(0, Permissions.All.Select(p => p.Key).ToFrozenSet(), new[] { groups[DefaultGroups.Administrators] }.ToFrozenSet(), true);
    }

    private static async Task<int> IndexRowsAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RolodeskDbContext>().Set<CustomFieldIndex>().CountAsync();
    }
}
