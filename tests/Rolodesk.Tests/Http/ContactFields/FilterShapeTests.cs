using System.Collections.Frozen;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Filters;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// The query shapes a plan picks (driver ids, sort-order probes, intersection count) give the same
/// cards and totals. A drive limit of 0 forces the broad shapes, which a million cards take in production.
/// </summary>
[Collection(FieldValuesCollection.Name)]
public sealed class FilterShapeTests(FieldValuesApp app)
{
    private static readonly object Priority = new { options = new[] { new { id = "hi", label = "High" }, new { id = "lo", label = "Low" } } };

    [Fact]
    public async Task Every_shape_finds_the_same_cards_and_total_including_users_who_left_the_audience()
    {
        var s = await FilterScene.CreateAsync(app);
        var p = await s.FieldAsync("dropdown", Priority);
        var n = await s.FieldAsync("number");
        var d = await s.FieldAsync("date");
        var t = await s.FieldAsync("text");
        foreach (var (name, priority, score) in new[] { ("Ann", "hi", 1), ("Bob", "hi", 7), ("Cid", "lo", 7), ("Dan", "hi", 9), ("Eve", "hi", 20) })
            await s.UserAsync(name, new() { [p] = priority, [n] = score, [d] = $"2024-0{score % 9 + 1}-01" });
        await s.UserAsync("Fay", new() { [p] = "hi", [n] = 8, [t] = "x" });
        var left = await s.UserAsync("Gus", new() { [p] = "hi", [n] = 8 });
        var elsewhere = await s.Values.Api.CreateGroupAsync();
        var put = await s.Values.Admin.PutAsJsonAsync($"/api/v1/users/{left.Id}", new { name = left.Name, email = left.Email, groupIds = new[] { elsewhere.Id } });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await Api.Describe(put));

        await ExpectAsync(s, 3, (p, "hi"), ($"{n}.from", "5"), ($"{n}.to", "10"));
        await ExpectAsync(s, 2, (p, "hi"), ($"{n}.from", "5"), ($"{n}.to", "10"), ($"{t}.empty", "true"));
        await ExpectAsync(s, 2, (p, "hi"), ($"{d}.from", "2024-02-01"), ($"{d}.to", "2024-03-31"));
        await ExpectAsync(s, 5, ($"{p}", "hi"));
        await ExpectAsync(s, 1, ($"{t}.empty", "false"), ($"{n}.from", "8"));
        await ExpectAsync(s, 0, (p, "lo"), ($"{n}.to", "5"));
        // "Any of" two values (a card may match twice) first, then a range: the count starts from the range.
        await ExpectAsync(s, 5, (p, "hi"), (p, "lo"), ($"{n}.from", "7"));
        // Only conditions a card may match several times: each card is counted once.
        await ExpectAsync(s, 1, (p, "hi"), (p, "lo"), ($"{t}.empty", "false"));
    }

    [Fact]
    public async Task A_condition_that_grew_past_its_remembered_estimate_still_finds_every_card()
    {
        var s = await FilterScene.CreateAsync(app);
        var p = await s.FieldAsync("dropdown", Priority);
        await s.UserAsync("Ann", new() { [p] = "hi" });
        await ExpectAsync(s, 1, (p, "hi")); // remembers "1 card" for this condition

        foreach (var name in new[] { "Bob", "Cid", "Dan" }) await s.UserAsync(name, new() { [p] = "hi" });

        // With a drive limit of 2 the remembered estimate says "selective", the driver read finds 4 cards and falls back.
        await ExpectAsync(s, 4, [2], (p, "hi"));
    }

    /// <summary>The filter's total over the whole table (only this test's fields, so only its cards) in every shape, and the same page.</summary>
    private Task ExpectAsync(FilterScene s, int total, params (string Param, string Value)[] conditions) =>
        ExpectAsync(s, total, [CardFilterQuery.DriveLimit, 0], conditions);

    private async Task ExpectAsync(FilterScene s, int total, int[] limits, params (string Param, string Value)[] conditions)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        var fields = scope.ServiceProvider.GetRequiredService<CardFields>();
        var admins = await s.Values.AdministratorsAsync();
        var actor = new UserAccess(1, Permissions.All.Select(x => x.Key).ToFrozenSet(), new[] { admins }.ToFrozenSet(), IsAgent: true);
        var query = conditions.GroupBy(c => CardFilterParser.Prefix + c.Param).Select(g => KeyValuePair.Create(g.Key, new StringValues([.. g.Select(c => c.Value)])));
        var errors = new ValidationErrors();
        var filter = CardFilterParser.Parse(query, await fields.CatalogAsync(FieldTarget.Users, default), actor, errors);
        Assert.False(errors.Any);

        var pages = new List<string>();
        foreach (var limit in limits)
        {
            var plan = await filter.PlanAsync(db, limit, default);
            Assert.Equal(total, await plan.CountAsync(db.Users.AsNoTracking(), default));
            Assert.Equal(total, await plan.ForCount(db.Users.AsNoTracking()).CountAsync());
            var page = await plan.ForPage(db.Users.AsNoTracking()).OrderBy(u => u.NormalizedName).Select(u => u.Name).ToListAsync();
            Assert.Equal(total, page.Count);
            pages.Add(string.Join(',', page));
        }
        Assert.Single(pages.Distinct());
    }
}
