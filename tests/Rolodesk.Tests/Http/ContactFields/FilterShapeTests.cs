using System.Collections.Frozen;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Features.ContactFields.Filters;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Features.Contacts;
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

    // ADR 0012: membership is probed only for fields marked as having values hidden from their cards, so every change
    // that hides values must mark them. Each path in a scene of its own (marks are never removed), in every shape.

    [Fact]
    public async Task Values_hidden_by_a_smaller_audience_match_no_shape_and_match_again_with_the_audience_back()
    {
        var (s, p, n, vip) = await TwoGroupsAsync();
        Assert.Empty(await MarksAsync(p, n)); // creating cards and adding members hides nothing
        await AudienceAsync(s, s.Values.Audience.Id);
        Assert.Equal([p.Id, n.Id], await MarksAsync(p, n));
        await ExpectAsync(s, 2, (p.Key, "hi"), ($"{n.Key}.from", "5"));
        await AudienceAsync(s, s.Values.Audience.Id, vip.Id);
        await ExpectAsync(s, 3, (p.Key, "hi"), ($"{n.Key}.from", "5"));
    }

    [Fact]
    public async Task Values_hidden_by_a_deleted_user_group_match_no_shape()
    {
        var (s, p, n, vip) = await TwoGroupsAsync();
        var delete = await s.Values.Admin.DeleteAsync($"/api/v1/user-groups/{vip.Id}");
        Assert.True(delete.IsSuccessStatusCode, await Api.Describe(delete));
        await ExpectAsync(s, 2, (p.Key, "hi"), ($"{n.Key}.from", "5"));
        await ExpectAsync(s, 2, (p.Key, "hi"));
    }

    [Fact]
    public async Task Values_hidden_by_moving_their_field_match_no_shape_while_the_other_fields_still_do()
    {
        var (s, p, n, _) = await TwoGroupsAsync();
        var narrow = await Defs.CreateGroupAsync(s.Values.Admin, "users", [s.Values.Audience.Id]);
        var move = await s.Values.Admin.PutAsJsonAsync($"/api/v1/fields/{n.Id}", new { name = n.Name, fieldGroupId = narrow.Id });
        Assert.True(move.IsSuccessStatusCode, await Api.Describe(move));
        Assert.Equal([n.Id], await MarksAsync(p, n));
        await ExpectAsync(s, 2, (p.Key, "hi"), ($"{n.Key}.from", "5"));
        await ExpectAsync(s, 3, (p.Key, "hi"));
    }

    [Fact]
    public async Task A_user_who_leaves_marks_only_the_fields_they_hold_values_of()
    {
        var (s, p, n, vip) = await TwoGroupsAsync();
        var other = await s.Values.Api.CreateGroupAsync();
        var eve = await s.UserAsync("Eve", new() { [p.Key] = "lo" });
        await GroupsAsync(s, eve, other.Id);
        Assert.Equal([p.Id], await MarksAsync(p, n));
        await ExpectAsync(s, 3, (p.Key, "hi"), ($"{n.Key}.from", "5"));
        await ExpectAsync(s, 1, (p.Key, "lo")); // Dan's, not Eve's
        await GroupsAsync(s, eve, vip.Id);
        await ExpectAsync(s, 2, (p.Key, "lo"));
    }

    /// <summary>
    /// A scene whose field group is tied to its audience and to "vip": Ann in both, Bob in vip only, Cid in the audience
    /// only, all three "hi" with a score from 7 to 9; Dan "lo". A drop-down and a number field.
    /// </summary>
    private async Task<(FilterScene S, FieldResponse P, FieldResponse N, UserGroupResponse Vip)> TwoGroupsAsync()
    {
        var s = await FilterScene.CreateAsync(app);
        var vip = await s.Values.Api.CreateGroupAsync();
        await AudienceAsync(s, s.Values.Audience.Id, vip.Id);
        var admins = await s.Values.AdministratorsAsync();
        var p = await s.Values.FieldAsync("dropdown", Priority, access: (admins, "edit"));
        var n = await s.Values.FieldAsync("number", access: (admins, "edit"));
        var ann = await s.UserAsync("Ann", new() { [p.Key] = "hi", [n.Key] = 7 });
        var bob = await s.UserAsync("Bob", new() { [p.Key] = "hi", [n.Key] = 8 });
        await s.UserAsync("Cid", new() { [p.Key] = "hi", [n.Key] = 9 });
        await s.UserAsync("Dan", new() { [p.Key] = "lo", [n.Key] = 7 });
        await GroupsAsync(s, ann, s.Values.Audience.Id, vip.Id);
        await GroupsAsync(s, bob, vip.Id);
        return (s, p, n, vip);
    }

    private static async Task AudienceAsync(FilterScene s, params int[] userGroupIds)
    {
        var put = await s.Values.Admin.PutAsJsonAsync($"/api/v1/field-groups/{s.Values.Group.Id}", new { name = s.Values.Group.Name, userGroupIds });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await Api.Describe(put));
    }

    private static async Task GroupsAsync(FilterScene s, UserResponse user, params int[] groupIds)
    {
        var put = await s.Values.Admin.PutAsJsonAsync($"/api/v1/users/{user.Id}", new { name = user.Name, email = user.Email, groupIds });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await Api.Describe(put));
    }

    /// <summary>Which of the fields are marked as having values hidden from their cards, ascending.</summary>
    private async Task<List<int>> MarksAsync(params FieldResponse[] fields)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        var ids = fields.Select(f => f.Id).ToList();
        return await db.Set<HiddenFieldValue>().Where(h => ids.Contains(h.FieldId)).Select(h => h.FieldId).OrderBy(id => id).ToListAsync();
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
        var filter = await FilterAsync(s, conditions);

        var pages = new List<string>();
        foreach (var limit in limits)
        {
            var plan = await filter.PlanAsync(db, limit, deferMatching: false, default);
            Assert.Equal(total, await plan.CountAsync(db.Users.AsNoTracking(), default));
            Assert.Equal(total, await plan.ForCount(db.Users.AsNoTracking()).CountAsync());
            var page = await plan.ForPage(db.Users.AsNoTracking()).OrderBy(u => u.NormalizedName).Select(u => u.Name).ToListAsync();
            Assert.Equal(total, page.Count);
            pages.Add(string.Join(',', page));
            await ExpectNameOrderAsync(db, filter, limit, total);
        }
        Assert.Single(pages.Distinct());
    }

    /// <summary>
    /// Every way to a name-sorted page (the walk of a text's entries in name order, ADR 0010, or the cards sorted) gives the
    /// ids of the cards sorted by (NormalizedName, Id), or all descending for "-name", whole and page by page.
    /// </summary>
    private static async Task ExpectNameOrderAsync(RolodeskDbContext db, CardFilter filter, int limit, int total)
    {
        foreach (var sort in new[] { "name", "-name" })
        {
            var reference = await (await filter.PlanAsync(db, limit, deferMatching: false, default))
                .ForPage(db.Users.AsNoTracking()).Sort(sort).Select(u => u.Id).ToListAsync();
            Assert.Equal(total, reference.Count);
            foreach (var defer in new[] { false, true })
            {
                var plan = await filter.PlanAsync(db, limit, defer, default);
                Assert.Equal(reference, await plan.PageIdsAsync(db.Users.AsNoTracking(), u => u.Sort(sort), UserQueries.ByName(sort), 0, 50, default));
                var paged = new List<int>();
                for (var skip = 0; skip < total + 2; skip += 2)
                    paged.AddRange(await (await filter.PlanAsync(db, limit, defer, default))
                        .PageIdsAsync(db.Users.AsNoTracking(), u => u.Sort(sort), UserQueries.ByName(sort), skip, 2, default));
                Assert.Equal(reference, paged);
            }
        }
    }

    [Fact]
    public async Task A_name_sorted_page_walks_a_text_in_name_order_with_equal_names_by_id_and_follows_renames()
    {
        var s = await FilterScene.CreateAsync(app);
        var p = await s.FieldAsync("dropdown", Priority);
        var n = await s.FieldAsync("number");
        var t = await s.FieldAsync("text");
        // Equal names (also equal once upper-cased) are ordered by id; some cards miss the range or the text.
        var users = new List<UserResponse>();
        foreach (var (name, priority, score) in new[] { ("Kim", "hi", 5), ("Abe", "hi", 6), ("kim", "hi", 7), ("Kim", "lo", 5), ("Abe", "hi", 50), ("Kim", "hi", 8), ("Lea", "hi", 9), ("Abe", "hi", 7) })
            users.Add(await s.UserAsync(name, new() { [p] = priority, [n] = score, [t] = "same" }));

        // The broad shape (drive limit 0) walks the drop-down's entries (fewer than the text's) in name order.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        var filter = await FilterAsync(s, (p, "hi"), (t, "same"), ($"{n}.from", "5"), ($"{n}.to", "10"));
        var plan = await filter.PlanAsync(db, 0, deferMatching: false, default);
        Assert.True(plan.WalksByName(db.Users));
        Assert.Equal(p, plan.NameWalk!.Field.Key);
        Assert.Equal([users[1].Id, users[7].Id, users[0].Id, users[2].Id, users[5].Id, users[6].Id],
            await plan.PageIdsAsync(db.Users.AsNoTracking(), u => u.Sort("name"), false, 0, 50, default));
        await ExpectNameOrderAsync(db, filter, 0, 6);
        await ExpectNameOrderAsync(db, filter, CardFilterQuery.DriveLimit, 6);

        // A renamed card moves: its text rows' sort key follows the name (the text probe seeks by it, the walk orders by it).
        var kim = users[0];
        var put = await s.Values.Admin.PutAsJsonAsync($"/api/v1/users/{kim.Id}", new { name = $"Aaron {s.Tag}", email = kim.Email, groupIds = kim.Groups.Select(g => g.Id) });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await Api.Describe(put));
        Assert.Equal([kim.Id, users[1].Id, users[7].Id, users[2].Id, users[5].Id, users[6].Id],
            await (await filter.PlanAsync(db, 0, deferMatching: false, default)).PageIdsAsync(db.Users.AsNoTracking(), u => u.Sort("name"), false, 0, 50, default));
        await ExpectNameOrderAsync(db, filter, 0, 6);
        Assert.All(await db.Set<CustomFieldIndex>().AsNoTracking().Where(r => r.EntityId == kim.Id && r.EntityKind == FieldTarget.Users).ToListAsync(),
            r => Assert.Equal(r.Text is null ? null : $"AARON {s.Tag}".ToUpperInvariant(), r.SortKey));

        // Over HTTP (no search: the whole table, where only this test's cards hold these fields), with and without the total.
        foreach (var total in new[] { "true", "false" })
        {
            var names = new List<int>();
            for (var page = 1; page <= 4; page++)
            {
                var response = await s.Values.Admin.GetAsync($"/api/v1/users?cf.{p}=hi&cf.{t}=same&cf.{n}.from=5&cf.{n}.to=10&sort=-name&pageSize=2&page={page}&total={total}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, await Api.Describe(response));
                var body = (await response.Content.ReadFromJsonAsync<UserListPage>())!;
                if (total == "true") Assert.Equal(6, body.Total);
                names.AddRange(body.Items.Select(u => u.Id));
            }
            Assert.Equal([users[6].Id, users[5].Id, users[2].Id, users[7].Id, users[1].Id, kim.Id], names);
        }
    }

    [Fact]
    public async Task A_name_sorted_company_page_walks_a_text_in_name_order_and_follows_renames()
    {
        var s = await FilterScene.CreateAsync(app, "companies");
        var p = await s.FieldAsync("dropdown", Priority);
        var companies = new List<CompanyResponse>();
        foreach (var (name, priority) in new[] { ("Mir", "hi"), ("Alto", "hi"), ("mir", "hi"), ("Bex", "lo"), ("Zug", "hi") })
            companies.Add(await s.CompanyAsync(name, new() { [p] = priority }));
        // No search: the whole table, where only this test's companies hold the field; the page walks its entries.
        async Task<List<int>> PageAsync(string sort, int page) =>
            [.. (await s.Values.Admin.GetFromJsonAsync<Page<CompanyResponse>>($"/api/v1/companies?cf.{p}=hi&sort={sort}&pageSize=2&page={page}"))!.Items.Select(c => c.Id)];
        // The broad shape (drive limit 0) walks the drop-down's entries; the API (few cards: the driver's ids) agrees.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        var filter = await FilterAsync(s, FieldTarget.Companies, (p, "hi"));
        async Task<List<int>> WalkAsync(string sort)
        {
            var plan = await filter.PlanAsync(db, 0, deferMatching: true, default);
            Assert.True(plan.WalksByName(db.Companies));
            return await plan.PageIdsAsync(db.Companies.AsNoTracking(), c => c.Sort(sort), CompaniesApi.ByName(sort), 0, 50, default);
        }
        List<int> expected = [companies[1].Id, companies[0].Id, companies[2].Id, companies[4].Id];
        Assert.Equal(expected, await WalkAsync("name"));
        Assert.Equal(expected, [.. await PageAsync("name", 1), .. await PageAsync("name", 2)]);

        var put = await s.Values.Admin.PutAsJsonAsync($"/api/v1/companies/{companies[4].Id}", new { name = $"Aaa {s.Tag}" });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await Api.Describe(put));
        expected = [companies[2].Id, companies[0].Id, companies[1].Id, companies[4].Id];
        Assert.Equal(expected, await WalkAsync("-name"));
        Assert.Equal(expected, [.. await PageAsync("-name", 1), .. await PageAsync("-name", 2)]);
    }

    private Task<CardFilter> FilterAsync(FilterScene s, params (string Param, string Value)[] conditions) =>
        FilterAsync(s, FieldTarget.Users, conditions);

    private async Task<CardFilter> FilterAsync(FilterScene s, FieldTarget target, params (string Param, string Value)[] conditions)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var fields = scope.ServiceProvider.GetRequiredService<CardFields>();
        var admins = await s.Values.AdministratorsAsync();
        var actor = new UserAccess(1, Permissions.All.Select(x => x.Key).ToFrozenSet(), new[] { admins }.ToFrozenSet(), IsAgent: true);
        var query = conditions.GroupBy(c => CardFilterParser.Prefix + c.Param).Select(g => KeyValuePair.Create(g.Key, new StringValues([.. g.Select(c => c.Value)])));
        var errors = new ValidationErrors();
        var filter = CardFilterParser.Parse(query, await fields.CatalogAsync(target, default), actor, errors);
        Assert.False(errors.Any);
        return filter;
    }
}
