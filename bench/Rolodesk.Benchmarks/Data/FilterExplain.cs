using System.Collections.Frozen;
using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Filters;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Benchmarks.Data;

/// <summary>
/// The <c>explain-filter</c> command: seeds two filter fields (<see cref="FilterSeed"/>) if needed,
/// then prints, for a selective and a broad pair of conditions, the shape chosen, the SQL and the
/// database's plan of the count and of the first page sorted by name; --runs N times them.
/// </summary>
internal static class FilterExplain
{
    public static async Task<int> RunAsync(Options o)
    {
        var provider = BenchDatabase.ParseProvider(o.Get("provider", "sqlite"));
        var connection = o.Get("connection") ?? BenchDatabase.DefaultConnection(provider);
        await using var db = new RolodeskDbContext(BenchDatabase.Options(provider, connection));
        await FilterSeed.EnsureAsync(db, Console.Out);
        var catalog = await FieldCatalog.LoadAsync(db, FieldTypeRegistry.Default, FieldTarget.Users, default);
        var admins = await db.UserGroups.Where(g => g.Name == DefaultGroups.Administrators).Select(g => g.Id).SingleAsync();
        var actor = new UserAccess(0, FrozenSet<string>.Empty, new[] { admins }.ToFrozenSet(), true);
        var range = $"cf.{FilterSeed.NumberKey}.from=0&cf.{FilterSeed.NumberKey}.to=9";
        var cases = new[] { ("selective", $"cf.{FilterSeed.DropdownKey}=rare&{range}"), ("broad", $"cf.{FilterSeed.DropdownKey}=common&{range}") };
        var runs = o.GetInt("runs", 0);
        foreach (var (name, query) in cases)
        {
            var errors = new ValidationErrors();
            var filter = CardFilterParser.Parse(QueryHelpers.ParseQuery(query), catalog, actor, errors);
            if (errors.Any) throw new InvalidOperationException(string.Join("; ", errors.All.Keys));
            var plan = await filter.PlanAsync(db, default);
            Console.WriteLine($"==== {name}: {query}\n-- driver: {plan.Driver?.Field.Key ?? "none"}, page starts from it: {plan.DriverIsSelective}\n");
            await Explain.PrintAsync(db, provider, "count", plan.ForCount(db.Users.AsNoTracking()).Select(u => u.Id).Take(1).ToQueryString().Replace("LIMIT", "-- LIMIT"));
            await Explain.PrintAsync(db, provider, "page", Page(db, plan).ToQueryString());
            if (runs > 0) await TimeAsync(db, filter, runs);
        }
        return 0;
    }

    private static IQueryable<UserResponse> Page(RolodeskDbContext db, FilterPlan plan) =>
        plan.ForPage(db.Users.AsNoTracking()).Sort("name").Take(50).ToResponse();

    /// <summary>Plan + first page, and plan + count, each <paramref name="runs"/> times after one warm-up: p50 and p95.</summary>
    private static async Task TimeAsync(RolodeskDbContext db, CardFilter filter, int runs)
    {
        foreach (var (what, work) in new (string, Func<Task>)[]
        {
            ("page", async () => await Page(db, await filter.PlanAsync(db, default)).ToListAsync()),
            ("count", async () => await (await filter.PlanAsync(db, default)).ForCount(db.Users.AsNoTracking()).CountAsync()),
        })
        {
            await work();
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await work();
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"-- {what}: p50 {times[times.Count / 2]:N2} ms, p95 {times[(int)(times.Count * 0.95)]:N2} ms ({runs} runs)\n");
        }
    }
}
