using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Server.Data;

namespace Rolodesk.Benchmarks.Data;

/// <summary>Where the benchmark databases live and how to open them exactly as the server does.</summary>
internal static class BenchDatabase
{
    public static readonly string DefaultSqlitePath = Path.Combine(Path.GetTempPath(), "rolodesk-bench", "rolodesk.db");

    public const string DefaultPostgres = "Host=127.0.0.1;Username=postgres;Password=postgres;Database=rolodesk_bench";

    /// <summary>Connection used by the BenchmarkDotNet suite; overridable so CI can point elsewhere.</summary>
    public static string DefaultConnection(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => Environment.GetEnvironmentVariable("ROLODESK_BENCH_PG") ?? DefaultPostgres,
        _ => Environment.GetEnvironmentVariable("ROLODESK_BENCH_SQLITE") ?? $"Data Source={DefaultSqlitePath}",
    };

    public static DatabaseProvider ParseProvider(string value) =>
        Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var p) && Enum.IsDefined(p)
            ? p
            : throw new ArgumentException($"Unknown provider '{value}': use sqlite or postgres.");

    public static DbContextOptions<RolodeskDbContext> Options(DatabaseProvider provider, string connection)
    {
        var builder = new DbContextOptionsBuilder<RolodeskDbContext>();
        DatabaseSetup.Configure(builder, provider, connection);
        return builder.Options;
    }

    /// <summary>
    /// Migrates and creates the default groups the way the server's first start does, so the app
    /// can later be started on the same database (it then only adds its administrator).
    /// </summary>
    public static async Task EnsureSchemaAsync(RolodeskDbContext db)
    {
        await db.Database.MigrateAsync();
        await Startup.EnsureDefaultGroupsAsync(db);
    }

    /// <summary>Identity's default normalizer: what UserManager would store.</summary>
    public static readonly ILookupNormalizer Normalizer = new UpperInvariantLookupNormalizer();
}
