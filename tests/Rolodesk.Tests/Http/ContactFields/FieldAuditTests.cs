using System.Net.Http.Json;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

[Collection(FieldDefsCollection.Name)]
public sealed class FieldAuditTests(FieldDefsApp app)
{
    private readonly Api _api = app.Api;

    [Fact]
    public async Task Every_change_to_a_field_is_audited_with_who_before_and_after()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);
        var field = await Defs.CreateFieldAsync(admin, group.Id, name: "Before");

        await admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = "After" });
        await admin.PostAsync($"/api/v1/fields/{field.Id}/archive", null);
        await admin.PostAsync($"/api/v1/fields/{field.Id}/restore", null);
        await admin.PostAsync($"/api/v1/fields/{field.Id}/archive", null);
        await admin.DeleteAsync($"/api/v1/fields/{field.Id}?confirm={field.Key}");
        var rows = await Defs.AuditAsync(admin, "field", field.Id);

        Assert.Equal(["purged", "archived", "restored", "archived", "updated", "created"], rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal(("field", (int?)field.Id), (r.Entity, r.EntityId)));
        Assert.All(rows, r => Assert.True(r.ActorUserId is not null && r.ActorName is { Length: > 0 }));
        var (created, updated, purged) = (rows[5], rows[4], rows[0]);
        Assert.Null(created.Before);
        Assert.Equal(field.Key, created.After!.Value.GetProperty("key").GetString());
        Assert.Equal(("Before", "After"), (updated.Before!.Value.GetProperty("name").GetString(), updated.After!.Value.GetProperty("name").GetString()));
        Assert.Null(purged.After);
        Assert.NotNull(purged.Before);
    }

    [Fact]
    public async Task Every_change_to_a_group_is_audited_and_a_purge_records_its_fields()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin, "companies", name: Unique.Name("Old"));
        var field = await Defs.CreateFieldAsync(admin, group.Id);
        var renamed = Unique.Name("New");

        await admin.PutAsJsonAsync($"/api/v1/field-groups/{group.Id}", new { name = renamed });
        await admin.PostAsync($"/api/v1/field-groups/{group.Id}/archive", null);
        await admin.PostAsync($"/api/v1/field-groups/{group.Id}/restore", null);
        var ids = (await admin.GetFromJsonAsync<List<FieldGroupResponse>>("/api/v1/field-groups?target=companies"))!.Select(g => g.Id).Reverse().ToList();
        await admin.PutAsJsonAsync("/api/v1/field-groups/order", new { target = "companies", ids });
        await admin.PostAsync($"/api/v1/field-groups/{group.Id}/archive", null);
        await admin.DeleteAsync($"/api/v1/field-groups/{group.Id}?confirm={Uri.EscapeDataString(renamed)}");
        var rows = await Defs.AuditAsync(admin, "field-group", group.Id);
        var fieldRows = await Defs.AuditAsync(admin, "field", field.Id);
        var reorder = (await admin.GetFromJsonAsync<Page<ContactFieldAuditResponse>>("/api/v1/contact-fields/audit?entity=field-group&pageSize=200"))!
            .Items.First(r => r.Action == "reordered");

        Assert.Equal(["purged", "archived", "restored", "archived", "updated", "created"], rows.Select(r => r.Action));
        Assert.Equal((group.Name, renamed), (rows[4].Before!.Value.GetProperty("name").GetString(), rows[4].After!.Value.GetProperty("name").GetString()));
        Assert.Equal(["purged", "created"], fieldRows.Select(r => r.Action));
        Assert.Null(reorder.EntityId);
        Assert.Equal(ids, reorder.After!.Value.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
    }
}
