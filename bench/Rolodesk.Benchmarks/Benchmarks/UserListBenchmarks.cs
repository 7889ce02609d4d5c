using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Rolodesk.Benchmarks.Data;
using Rolodesk.Data;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Benchmarks.Benchmarks;

/// <summary>
/// GET /api/v1/users as the endpoint runs it (count + one sorted page through the shared
/// projection), without HTTP, auth or JSON: the database part of the listing.
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class UserListBenchmarks
{
    public const int Users = 100_000;
    private const int PageSize = 50;

    private PooledDbContextFactory<RolodeskDbContext> factory = null!;

    /// <summary>ROLODESK_BENCH_PROVIDERS=Sqlite limits the run when PostgreSQL is not available.</summary>
    public static IEnumerable<DatabaseProvider> Providers() =>
        (Environment.GetEnvironmentVariable("ROLODESK_BENCH_PROVIDERS") ?? "Sqlite,Postgres")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(BenchDatabase.ParseProvider);

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var connection = BenchDatabase.DefaultConnection(Provider);
        await Generator.EnsureUsersAsync(Provider, connection, Users, Console.Out);
        // The server registers a pooled context; so do we, so context creation costs the same.
        factory = new PooledDbContextFactory<RolodeskDbContext>(BenchDatabase.Options(Provider, connection));
    }

    [Benchmark(Description = "page 1 of 50, sort=name")]
    public Task<Page<UserResponse>> FirstPage() => ListAsync(null, 1);

    [Benchmark(Description = "page 1000 of 50, sort=name")]
    public Task<Page<UserResponse>> DeepPage() => ListAsync(null, 1000);

    [Benchmark(Description = "search=smith, page 1, sort=name")]
    public Task<Page<UserResponse>> SearchPage() => ListAsync("smith", 1);

    /// <summary>
    /// Not what the API runs today: the same page with EF's split query (groups in a second
    /// statement), kept to measure the alternative to the single query's join on all memberships.
    /// </summary>
    [Benchmark(Description = "page 1 of 50, sort=name, AsSplitQuery")]
    public Task<Page<UserResponse>> FirstPageSplit() => ListAsync(null, 1, split: true);

    /// <summary>Same statements as UsersApi.List (no company/group filter).</summary>
    private async Task<Page<UserResponse>> ListAsync(string? search, int page, bool split = false)
    {
        await using var db = await factory.CreateDbContextAsync();
        var q = db.Users.AsNoTracking().Search(search);
        var total = await q.CountAsync();
        var paged = q.Sort("name").Skip((page - 1) * PageSize).Take(PageSize).ToResponse();
        var items = await (split ? paged.AsSplitQuery() : paged).ToListAsync();
        if (items.Count == 0) throw new InvalidOperationException($"Page {page} is empty: the benchmark database is not populated.");
        return new Page<UserResponse>(items, page, PageSize, total);
    }
}
