using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

[Collection(FieldDefsCollection.Name)]
public sealed class FieldGroupsTests(FieldDefsApp app)
{
    private readonly Api _api = app.Api;

    [Fact]
    public async Task A_field_group_is_created_read_renamed_and_listed()
    {
        using var admin = await _api.AdminAsync();
        var agents = await _api.GroupIdAsync("Agents");
        var clients = await _api.GroupIdAsync("Clients");

        var group = await Defs.CreateGroupAsync(admin, "users", [clients, agents]);
        var renamed = Unique.Name("Renamed");
        var updated = await Defs.OkAsync<FieldGroupResponse>(await admin.PutAsJsonAsync($"/api/v1/field-groups/{group.Id}", new { name = renamed, userGroupIds = new[] { agents } }));
        var read = await admin.GetFromJsonAsync<FieldGroupDetail>($"/api/v1/field-groups/{group.Id}");
        var list = await admin.GetFromJsonAsync<List<FieldGroupResponse>>("/api/v1/field-groups?target=users");

        Assert.Equal("users", group.Target);
        Assert.Equal([Math.Min(agents, clients), Math.Max(agents, clients)], group.UserGroupIds);
        Assert.Equal(renamed, updated.Name);
        Assert.Equal([agents], updated.UserGroupIds);
        Assert.Equal((renamed, "users"), (read!.Name, read.Target));
        Assert.Empty(read.Fields);
        Assert.Contains(list!, g => g.Id == group.Id);
        Assert.DoesNotContain(await admin.GetFromJsonAsync<List<FieldGroupResponse>>("/api/v1/field-groups?target=companies") ?? [], g => g.Id == group.Id);
    }

    [Fact]
    public async Task The_target_is_immutable()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin, "companies");

        var same = await admin.PutAsJsonAsync($"/api/v1/field-groups/{group.Id}", new { name = group.Name, target = "companies" });
        var changed = await admin.PutAsJsonAsync($"/api/v1/field-groups/{group.Id}", new { name = group.Name, target = "users" });

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(["target"], await ProblemAssert.IsValidationProblemAsync(changed));
    }

    [Fact]
    public async Task Invalid_groups_are_refused_with_every_error_at_once()
    {
        using var admin = await _api.AdminAsync();
        var clients = await _api.GroupIdAsync("Clients");

        var bad = await admin.PostAsJsonAsync("/api/v1/field-groups", new { name = new string('x', 101), target = "planets", userGroupIds = new[] { clients, -5 } });
        var companies = await admin.PostAsJsonAsync("/api/v1/field-groups", new { name = Unique.Name(), target = "companies", userGroupIds = new[] { clients } });
        var unknownProperty = await admin.PostAsJsonAsync("/api/v1/field-groups", new { name = Unique.Name(), target = "users", colour = "red" });

        Assert.Equal(["name", "target", "userGroupIds[1]"], (await ProblemAssert.IsValidationProblemAsync(bad)).Order(StringComparer.Ordinal));
        Assert.Equal(["userGroupIds"], await ProblemAssert.IsValidationProblemAsync(companies));
        await ProblemAssert.IsProblemAsync(unknownProperty, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Names_are_unique_per_target_archived_groups_included()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin, "users");
        await admin.PostAsync($"/api/v1/field-groups/{group.Id}/archive", null);

        var clash = await admin.PostAsJsonAsync("/api/v1/field-groups", new { name = group.Name.ToUpperInvariant(), target = "users" });
        var otherTarget = await admin.PostAsJsonAsync("/api/v1/field-groups", new { name = group.Name, target = "companies" });

        Assert.Equal(["name"], await ProblemAssert.IsValidationProblemAsync(clash));
        Assert.Equal(HttpStatusCode.Created, otherTarget.StatusCode);
    }

    [Fact]
    public async Task An_archived_group_is_hidden_restorable_and_purged_only_with_its_name()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin, "companies");
        var field = await Defs.CreateFieldAsync(admin, group.Id);

        var live = await admin.DeleteAsync($"/api/v1/field-groups/{group.Id}?confirm={Uri.EscapeDataString(group.Name)}");
        var archived = await Defs.OkAsync<FieldGroupResponse>(await admin.PostAsync($"/api/v1/field-groups/{group.Id}/archive", null));
        var listed = await admin.GetFromJsonAsync<List<FieldGroupResponse>>("/api/v1/field-groups?target=companies");
        var listedAll = await admin.GetFromJsonAsync<List<FieldGroupResponse>>("/api/v1/field-groups?target=companies&includeArchived=true");
        var liveFields = await admin.GetFromJsonAsync<List<FieldResponse>>($"/api/v1/fields?fieldGroupId={group.Id}");
        var restored = await Defs.OkAsync<FieldGroupResponse>(await admin.PostAsync($"/api/v1/field-groups/{group.Id}/restore", null));

        await ProblemAssert.IsProblemAsync(live, HttpStatusCode.Conflict);
        Assert.NotNull(archived.ArchivedAt);
        Assert.DoesNotContain(listed!, g => g.Id == group.Id);
        Assert.Contains(listedAll!, g => g.Id == group.Id);
        Assert.Empty(liveFields!);
        Assert.Null(restored.ArchivedAt);
        Assert.Contains(await admin.GetFromJsonAsync<List<FieldResponse>>($"/api/v1/fields?fieldGroupId={group.Id}") ?? [], f => f.Id == field.Id);

        await admin.PostAsync($"/api/v1/field-groups/{group.Id}/archive", null);
        var unconfirmed = await admin.DeleteAsync($"/api/v1/field-groups/{group.Id}?confirm=nope");
        var purged = await admin.DeleteAsync($"/api/v1/field-groups/{group.Id}?confirm={Uri.EscapeDataString(group.Name)}");

        Assert.Equal(["confirm"], await ProblemAssert.IsValidationProblemAsync(unconfirmed));
        Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/v1/field-groups/{group.Id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/v1/fields/{field.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Groups_are_reordered_only_with_the_exact_list_of_live_groups()
    {
        using var admin = await _api.AdminAsync();
        await Defs.CreateGroupAsync(admin, "companies");
        await Defs.CreateGroupAsync(admin, "companies");
        var ids = (await admin.GetFromJsonAsync<List<FieldGroupResponse>>("/api/v1/field-groups?target=companies"))!.Select(g => g.Id).ToList();
        var reversed = Enumerable.Reverse(ids).ToList();

        var missing = await admin.PutAsJsonAsync("/api/v1/field-groups/order", new { target = "companies", ids = reversed.Skip(1) });
        var twice = await admin.PutAsJsonAsync("/api/v1/field-groups/order", new { target = "companies", ids = reversed.Skip(1).Append(reversed[1]) });
        var ok = await Defs.OkAsync<List<FieldGroupResponse>>(await admin.PutAsJsonAsync("/api/v1/field-groups/order", new { target = "companies", ids = reversed }));
        var after = await admin.GetFromJsonAsync<List<FieldGroupResponse>>("/api/v1/field-groups?target=companies");

        Assert.Equal(["ids"], await ProblemAssert.IsValidationProblemAsync(missing));
        Assert.Equal(["ids"], await ProblemAssert.IsValidationProblemAsync(twice));
        Assert.Equal(reversed, ok.Select(g => g.Id));
        Assert.Equal(reversed, after!.Select(g => g.Id));
    }

    [Fact]
    public async Task Unknown_ids_are_404_problems()
    {
        using var admin = await _api.AdminAsync();

        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/field-groups/999999"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync("/api/v1/field-groups/999999", new { name = "x" }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/v1/field-groups/999999/archive", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await admin.DeleteAsync("/api/v1/field-groups/999999?confirm=x"), HttpStatusCode.NotFound);
    }
}
