using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

[Collection(FieldDefsCollection.Name)]
public sealed class FieldsTests(FieldDefsApp app)
{
    private readonly Api _api = app.Api;

    [Fact]
    public async Task A_field_is_created_with_normalised_settings_default_and_access_and_read_back()
    {
        using var admin = await _api.AdminAsync();
        var agents = await _api.GroupIdAsync("Agents");
        var clients = await _api.GroupIdAsync("Clients");
        var group = await Defs.CreateGroupAsync(admin);

        var response = await admin.PostAsJsonAsync("/api/v1/fields", new
        {
            name = "Shoe size " + Unique.Tag(),
            fieldGroupId = group.Id,
            type = "test-text",
            defaultValue = "42",
            access = new object[] { new { userGroupId = clients, level = "display" }, new { userGroupId = agents, level = "mandatory" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var field = (await response.Content.ReadFromJsonAsync<FieldResponse>())!;
        var read = await admin.GetFromJsonAsync<FieldResponse>($"/api/v1/fields/{field.Id}");
        var detail = await admin.GetFromJsonAsync<FieldGroupDetail>($"/api/v1/field-groups/{group.Id}");

        Assert.StartsWith("shoe_size_", field.Key);
        Assert.Equal(("users", group.Id, "test-text", 100), (read!.Target, read.FieldGroupId, read.Type, read.Settings.GetProperty("maxLength").GetInt32()));
        Assert.Equal("42", read.DefaultValue?.GetString());
        Assert.Equal(new[] { (agents, "mandatory"), (clients, "display") }.OrderBy(a => a.Item1), read.Access.Select(a => (a.UserGroupId, a.Level)));
        Assert.Equal([field.Id], detail!.Fields.Select(f => f.Id));
        Assert.Equal(response.Headers.Location?.ToString(), $"/api/v1/fields/{field.Id}");
    }

    [Fact]
    public async Task A_field_moves_between_groups_of_its_target_only_and_stays_the_same_field()
    {
        using var admin = await _api.AdminAsync();
        var from = await Defs.CreateGroupAsync(admin);
        var to = await Defs.CreateGroupAsync(admin);
        var companies = await Defs.CreateGroupAsync(admin, "companies");
        await Defs.CreateFieldAsync(admin, to.Id);
        var field = await Defs.CreateFieldAsync(admin, from.Id);

        var moved = await Defs.OkAsync<FieldResponse>(await admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, fieldGroupId = to.Id }));
        var across = await admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, fieldGroupId = companies.Id });
        var audit = await Defs.AuditAsync(admin, "field", field.Id);

        Assert.Equal((field.Id, field.Key, to.Id, 1), (moved.Id, moved.Key, moved.FieldGroupId, moved.Position));
        Assert.Equal(["fieldGroupId"], await ProblemAssert.IsValidationProblemAsync(across));
        Assert.Empty((await admin.GetFromJsonAsync<FieldGroupDetail>($"/api/v1/field-groups/{from.Id}"))!.Fields);
        Assert.Equal("moved", audit[0].Action);
        Assert.Equal((from.Id, to.Id), (audit[0].Before!.Value.GetProperty("fieldGroupId").GetInt32(), audit[0].After!.Value.GetProperty("fieldGroupId").GetInt32()));
    }

    [Fact]
    public async Task Every_invalid_part_of_a_definition_is_reported_at_once_by_its_path()
    {
        using var admin = await _api.AdminAsync();
        var agents = await _api.GroupIdAsync("Agents");
        var group = await Defs.CreateGroupAsync(admin);

        var settingsAndAccess = await admin.PostAsJsonAsync("/api/v1/fields", new
        {
            name = "",
            fieldGroupId = group.Id,
            type = "test-text",
            settings = new { maxLength = 0, colour = "red" },
            access = new object[] { new { userGroupId = 999999, level = "display" }, new { userGroupId = agents, level = "admin" }, new { userGroupId = agents, level = "edit" } },
        });
        var typeAndGroup = await admin.PostAsJsonAsync("/api/v1/fields", new { name = "x", fieldGroupId = 999999, type = "hologram" });
        var defaultTooLong = await admin.PostAsJsonAsync("/api/v1/fields", new { name = "x", fieldGroupId = group.Id, type = "test-text", settings = new { maxLength = 2 }, defaultValue = "abc" });
        var noDefault = await admin.PostAsJsonAsync("/api/v1/fields", new { name = "x", fieldGroupId = group.Id, type = "test-note", defaultValue = "abc" });

        Assert.Equal(["access[0].userGroupId", "access[1].level", "access[2].userGroupId", "name", "settings.colour", "settings.maxLength"],
            (await ProblemAssert.IsValidationProblemAsync(settingsAndAccess)).Order(StringComparer.Ordinal));
        Assert.Equal(["fieldGroupId", "type"], (await ProblemAssert.IsValidationProblemAsync(typeAndGroup)).Order(StringComparer.Ordinal));
        Assert.Equal(["defaultValue"], await ProblemAssert.IsValidationProblemAsync(defaultTooLong));
        Assert.Equal(["defaultValue"], await ProblemAssert.IsValidationProblemAsync(noDefault));
    }

    [Fact]
    public async Task Absent_properties_of_a_put_stay_and_a_type_change_revalidates_settings_and_default()
    {
        using var admin = await _api.AdminAsync();
        var agents = await _api.GroupIdAsync("Agents");
        var group = await Defs.CreateGroupAsync(admin);
        var create = await admin.PostAsJsonAsync("/api/v1/fields", new
        {
            name = "x",
            fieldGroupId = group.Id,
            type = "test-text",
            settings = new { maxLength = 5 },
            defaultValue = "abc",
            access = new[] { new { userGroupId = agents, level = "edit" } },
        });
        var field = (await create.Content.ReadFromJsonAsync<FieldResponse>())!;

        var renamed = await Defs.OkAsync<FieldResponse>(await admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = "y" }));
        var toNoteKeepingDefault = await admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = "y", type = "test-note" });
        var toNote = await Defs.OkAsync<FieldResponse>(await admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = "y", type = "test-note", defaultValue = (string?)null, access = Array.Empty<object>() }));

        Assert.Equal((5, "abc", 1), (renamed.Settings.GetProperty("maxLength").GetInt32(), renamed.DefaultValue?.GetString(), renamed.Access.Count));
        Assert.Equal(["defaultValue"], await ProblemAssert.IsValidationProblemAsync(toNoteKeepingDefault));
        Assert.Equal(("test-note", null, 0), (toNote.Type, toNote.DefaultValue, toNote.Access.Count));
        Assert.False(toNote.Settings.EnumerateObject().Any());
    }

    [Fact]
    public async Task Fields_are_reordered_within_their_group()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);
        var a = await Defs.CreateFieldAsync(admin, group.Id);
        var b = await Defs.CreateFieldAsync(admin, group.Id);
        var c = await Defs.CreateFieldAsync(admin, group.Id);

        var partial = await admin.PutAsJsonAsync("/api/v1/fields/order", new { fieldGroupId = group.Id, ids = new[] { c.Id, a.Id } });
        var reordered = await Defs.OkAsync<List<FieldResponse>>(await admin.PutAsJsonAsync("/api/v1/fields/order", new { fieldGroupId = group.Id, ids = new[] { c.Id, a.Id, b.Id } }));
        var detail = await admin.GetFromJsonAsync<FieldGroupDetail>($"/api/v1/field-groups/{group.Id}");

        Assert.Equal([0, 1, 2], new[] { a.Position, b.Position, c.Position });
        Assert.Equal(["ids"], await ProblemAssert.IsValidationProblemAsync(partial));
        Assert.Equal([c.Id, a.Id, b.Id], reordered.Select(f => f.Id));
        Assert.Equal([c.Id, a.Id, b.Id], detail!.Fields.Select(f => f.Id));
    }

    [Fact]
    public async Task The_field_types_come_from_the_registry()
    {
        using var admin = await _api.AdminAsync();

        var types = await admin.GetFromJsonAsync<List<FieldTypeResponse>>("/api/v1/field-types");

        Assert.Equal([("test-note", false), ("test-text", true)], types!.Select(t => (t.Key, t.SupportsDefault)));
    }
}
