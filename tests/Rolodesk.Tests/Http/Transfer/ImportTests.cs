using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>CSV import of users: every row checked, errors by row and column, all-or-nothing or valid rows only.</summary>
[Collection(TransferCollection.Name)]
public sealed class ImportTests(TransferApp app)
{
    private static readonly object Priority = new { options = new[] { new { id = "hi", label = "High" }, new { id = "lo", label = "Low" } } };

    private async Task<(TransferScene Scene, string Key)> SceneWithDropdownAsync(string level = "edit")
    {
        var s = await TransferScene.CreateAsync(app);
        var field = await s.FieldAsync("dropdown", Priority, (await s.Api.GroupIdAsync("Administrators"), level));
        return (s, field.Key);
    }

    private static async Task<List<UserResponse>> FindAsync(TransferScene s, string name) =>
        [.. (await s.Admin.GetFromJsonAsync<Page<UserResponse>>($"/api/v1/users?search={Uri.EscapeDataString(name)}"))!.Items];

    [Fact]
    public async Task Mode_all_writes_nothing_when_one_row_is_bad_and_names_its_row_and_column()
    {
        var (s, key) = await SceneWithDropdownAsync();
        var (good, bad) = (Unique.Name("Good"), Unique.Name("Bad"));
        var csv = $"name,email,groups,{key}\n{good},{Unique.Email()},{s.Audience.Name},High\n{bad},{Unique.Email()},{s.Audience.Name},Nope\n";

        var job = await TransferScene.ImportAsync(s.Admin, "users", csv);

        Assert.Equal("failed", job.Status);
        Assert.Equal((2, 2, 0), (job.RowsTotal, job.RowsChecked, job.RowsWritten));
        var error = Assert.Single(job.Errors);
        Assert.Equal((3, key), (error.Row, error.Column));
        Assert.Empty(await FindAsync(s, good));
    }

    [Fact]
    public async Task Mode_valid_writes_the_valid_rows_only()
    {
        var (s, key) = await SceneWithDropdownAsync();
        var (good, bad) = (Unique.Name("Good"), Unique.Name("Bad"));
        var csv = $"name,email,groups,{key}\n{good},{Unique.Email()},{s.Audience.Name},Low\n{bad},not-an-email,{s.Audience.Name},High\n";

        var job = await TransferScene.ImportAsync(s.Admin, "users", csv, "valid");

        Assert.Equal(("completed", 1), (job.Status, job.RowsWritten));
        Assert.Equal((3, "email"), (job.Errors[0].Row, job.Errors[0].Column));
        var card = Assert.Single(await FindAsync(s, good));
        ValueAssert.Has(card, key, "\"lo\"");
        Assert.Empty(await FindAsync(s, bad));
    }

    [Fact]
    public async Task A_known_email_updates_that_user_and_the_index_follows()
    {
        var (s, key) = await SceneWithDropdownAsync();
        var email = Unique.Email();
        var created = await s.Admin.PostAsJsonAsync("/api/v1/users", new { name = Unique.Name("Old"), email, groupIds = new[] { s.Audience.Id } });
        var id = (await created.Content.ReadFromJsonAsync<UserResponse>())!.Id;
        var renamed = Unique.Name("New");

        var job = await TransferScene.ImportAsync(s.Admin, "users", $"id,name,email,{key}\n999999,{renamed},{email.ToUpperInvariant()},High\n");

        Assert.Equal(("completed", 1), (job.Status, job.RowsWritten));
        var card = Assert.Single(await FindAsync(s, renamed));
        Assert.Equal(id, card.Id);
        ValueAssert.Has(card, key, "\"hi\"");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        var index = await db.Set<CustomFieldIndex>().Where(r => r.EntityKind == FieldTarget.Users && r.EntityId == id).ToListAsync();
        Assert.Equal("hi", Assert.Single(index).Text);
    }

    [Fact]
    public async Task An_import_that_moves_a_user_out_of_the_audience_hides_their_value_from_filtered_lists_and_totals()
    {
        var (s, key) = await SceneWithDropdownAsync();
        var other = await s.Api.CreateGroupAsync();
        var tag = Unique.Tag();
        var (ann, bob) = ((Name: $"Ann {tag}", Email: Unique.Email()), (Name: $"Bob {tag}", Email: Unique.Email()));
        var csv = $"name,email,groups,{key}\n{ann.Name},{ann.Email},{s.Audience.Name},High\n{bob.Name},{bob.Email},{s.Audience.Name},High\n";
        Assert.Equal("completed", (await TransferScene.ImportAsync(s.Admin, "users", csv)).Status);
        Assert.Equal([ann.Name, bob.Name], await FilteredAsync());

        // Bob moves to a group the field group is not tied to: his value stays in his document, off his card (ADR 0012).
        Assert.Equal("completed", (await TransferScene.ImportAsync(s.Admin, "users", $"name,email,groups\n{bob.Name},{bob.Email},{other.Name}\n")).Status);
        Assert.Equal([ann.Name], await FilteredAsync());
        Assert.Equal("completed", (await TransferScene.ImportAsync(s.Admin, "users", $"name,email,groups\n{bob.Name},{bob.Email},{s.Audience.Name}\n")).Status);
        Assert.Equal([ann.Name, bob.Name], await FilteredAsync());

        // Over the whole table only this test's cards hold the field: the list's total is the intersection count.
        async Task<List<string>> FilteredAsync()
        {
            var page = (await s.Admin.GetFromJsonAsync<Page<UserResponse>>($"/api/v1/users?cf.{key}=hi&sort=name"))!;
            Assert.Equal(page.Items.Count, page.Total);
            return [.. page.Items.Select(u => u.Name)];
        }
    }

    [Fact]
    public async Task Imported_text_rows_carry_the_cards_sort_name_and_a_renaming_import_moves_the_card_in_the_name_order()
    {
        var s = await TransferScene.CreateAsync(app);
        var admins = await s.Api.GroupIdAsync("Administrators");
        var key = (await s.FieldAsync("dropdown", Priority, (admins, "edit"))).Key;
        var score = (await s.FieldAsync("number", null, (admins, "edit"))).Key;
        var tag = Unique.Tag();
        var (ann, bob) = ((Name: $"Ann {tag}", Email: Unique.Email()), (Name: $"bob {tag}", Email: Unique.Email()));
        var csv = $"name,email,groups,{key},{score}\n{bob.Name},{bob.Email},{s.Audience.Name},High,3\n{ann.Name},{ann.Email},{s.Audience.Name},High,4\n";
        Assert.Equal("completed", (await TransferScene.ImportAsync(s.Admin, "users", csv)).Status);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        var (annId, bobId) = ((await FindAsync(s, ann.Name)).Single().Id, (await FindAsync(s, bob.Name)).Single().Id);
        async Task<List<(int, string?, string?)>> RowsAsync() => [.. (await db.Set<CustomFieldIndex>().AsNoTracking()
            .Where(r => r.EntityKind == FieldTarget.Users && (r.EntityId == annId || r.EntityId == bobId))
            .OrderBy(r => r.EntityId).ThenBy(r => r.FieldId).ToListAsync()).Select(r => (r.EntityId, r.Text, r.SortKey))];
        // The drop-down's rows carry the upper-cased name; the number's rows none (ADR 0010).
        Assert.Equal([(bobId, "hi", bob.Name.ToUpperInvariant()), (bobId, null, null), (annId, "hi", ann.Name.ToUpperInvariant()), (annId, null, null)], await RowsAsync());
        // Over the whole table only this test's cards hold the field: a page sorted by name walks its entries.
        Assert.Equal([annId, bobId], await PageAsync("name"));

        // An update that renames Ann and leaves her drop-down as it was: its row takes the new sort name.
        var renamed = $"Zed {tag}";
        csv = $"name,email,{key}\n{renamed},{ann.Email},High\n";
        Assert.Equal("completed", (await TransferScene.ImportAsync(s.Admin, "users", csv)).Status);
        Assert.Contains((annId, "hi", renamed.ToUpperInvariant()), await RowsAsync());
        Assert.Equal([bobId, annId], await PageAsync("name"));
        Assert.Equal([annId, bobId], await PageAsync("-name"));

        async Task<List<int>> PageAsync(string sort) =>
            [.. (await s.Admin.GetFromJsonAsync<UserListPage>($"/api/v1/users?cf.{key}=hi&sort={sort}&total=false"))!.Items.Select(u => u.Id)];
    }

    [Fact]
    public async Task An_imported_note_is_found_by_is_empty_and_indexed_without_its_text()
    {
        var s = await TransferScene.CreateAsync(app);
        var key = (await s.FieldAsync("textarea", null, (await s.Api.GroupIdAsync("Administrators"), "edit"))).Key;
        var tag = Unique.Tag();
        var (with, without) = ($"With {tag}", $"Without {tag}");
        var csv = $"name,email,groups,{key}\n{with},{Unique.Email()},{s.Audience.Name},\"First line\nSecond line\"\n{without},{Unique.Email()},{s.Audience.Name},\n";

        var job = await TransferScene.ImportAsync(s.Admin, "users", csv);

        Assert.Equal(("completed", 2), (job.Status, job.RowsWritten));
        var card = Assert.Single(await FindAsync(s, with));
        ValueAssert.Has(card, key, "\"First line\\nSecond line\"");
        Assert.Equal([with], (await s.Admin.GetFromJsonAsync<Page<UserResponse>>($"/api/v1/users?search={tag}&cf.{key}.empty=false"))!.Items.Select(u => u.Name));
        Assert.Equal([without], (await s.Admin.GetFromJsonAsync<Page<UserResponse>>($"/api/v1/users?search={tag}&cf.{key}.empty=true"))!.Items.Select(u => u.Name));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        var row = Assert.Single(await db.Set<CustomFieldIndex>().Where(r => r.EntityKind == FieldTarget.Users && r.EntityId == card.Id).ToListAsync());
        Assert.Equal((null, null, null), (row.Text, row.Number, row.Date));
    }

    [Fact]
    public async Task Export_then_import_changes_nothing()
    {
        var (s, key) = await SceneWithDropdownAsync();
        var name = Unique.Name("Trip");
        var created = await s.Admin.PostAsJsonAsync("/api/v1/users", new
        {
            name,
            email = Unique.Email(),
            phone = "+44 20 7946 0000",
            groupIds = new[] { s.Audience.Id },
            customFields = new Dictionary<string, object> { [key] = "lo" },
        });
        var before = (await created.Content.ReadFromJsonAsync<UserResponse>())!;
        var response = await s.Admin.GetAsync($"/api/v1/users/export?search={Uri.EscapeDataString(name)}");
        var file = await response.Content.ReadAsStringAsync();

        var job = await TransferScene.ImportAsync(s.Admin, "users", file);

        Assert.True(job.Status == "completed", string.Join("; ", job.Errors));
        var after = Assert.Single(await FindAsync(s, name));
        Assert.Equal((before.Id, before.Email, before.Phone), (after.Id, after.Email, after.Phone));
        Assert.Equal(before.Groups, after.Groups);
        ValueAssert.Has(after, key, "\"lo\"");
    }

    [Fact]
    public async Task A_column_the_actor_may_not_edit_is_refused_on_each_row_that_changes_it()
    {
        var s = await TransferScene.CreateAsync(app);
        var agents = await s.Api.CreateGroupAsync("agents", Permissions.ContactsView, Permissions.ContactsEdit);
        var field = await s.FieldAsync("text", null, (await s.Api.GroupIdAsync("Administrators"), "edit"), (agents.Id, "display"));
        var agent = await s.Api.SignedInMemberOfAsync(agents.Name);
        var name = Unique.Name("Locked");
        var csv = $"name,email,groups,{field.Key}\n{name},{Unique.Email()},{s.Audience.Name},value\n";

        var job = await TransferScene.ImportAsync(agent.Http, "users", csv);

        Assert.Equal("failed", job.Status);
        var error = Assert.Single(job.Errors);
        Assert.Equal((2, field.Key, "You may not edit this field."), (error.Row, error.Column, error.Message));
        Assert.Empty(await FindAsync(s, name));
    }

    [Fact]
    public async Task A_mandatory_field_left_empty_on_create_fails_the_row()
    {
        var (s, key) = await SceneWithDropdownAsync("mandatory");
        var job = await TransferScene.ImportAsync(s.Admin, "users", $"name,email,groups,{key}\n{Unique.Name("M")},{Unique.Email()},{s.Audience.Name},\n");

        var error = Assert.Single(job.Errors);
        Assert.Equal((2, key, "Required."), (error.Row, error.Column, error.Message));
    }

    [Fact]
    public async Task Unknown_and_missing_columns_are_reported_on_the_header_row()
    {
        var job = await TransferScene.ImportAsync(await app.Api.AdminAsync(), "users", "email,shoe_size\nx@example.test,42\n", "valid");

        Assert.Equal(("failed", 0), (job.Status, job.RowsWritten));
        Assert.Contains(job.Errors, e => e is { Row: 1, Column: "shoe_size" });
        Assert.Contains(job.Errors, e => e is { Row: 1, Column: "name" });
    }

    [Fact]
    public async Task Only_the_user_who_started_an_import_sees_it()
    {
        var admin = await app.Api.AdminAsync();
        var started = await TransferScene.PostImportAsync(admin, "users", $"name,email\n{Unique.Name("P")},{Unique.Email()}\n");
        var job = await TransferScene.FinishedAsync(admin, started);
        var agent = await app.Api.AgentAsync();

        Assert.Equal(("users", "all", 1, 1), (job.Target, job.Mode, job.RowsTotal, job.RowsChecked));
        Assert.NotNull(job.FinishedAt);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Http.GetAsync(started.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await TransferScene.PostImportAsync(admin, "users", "name\nx\n", "some")).StatusCode);
    }
}
