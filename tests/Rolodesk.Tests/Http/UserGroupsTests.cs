using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Access;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

public sealed class UserGroupsTests(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    [Fact]
    public async Task A_user_group_is_created_read_updated_and_deleted()
    {
        using var admin = await _api.AdminAsync();
        var name = Unique.Name("Support");

        var created = await admin.PostAsJsonAsync("/api/v1/user-groups", new { name, kind = "agents", permissions = new[] { "omni.view", "contacts.view", "omni.view" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var group = (await created.Content.ReadFromJsonAsync<UserGroupResponse>())!;
        Assert.Equal((name, "agents", false, 0), (group.Name, group.Kind, group.IsSystem, group.MemberCount));
        Assert.Equal(["contacts.view", "omni.view"], group.Permissions);

        var read = await admin.GetFromJsonAsync<UserGroupResponse>($"/api/v1/user-groups/{group.Id}");
        Assert.Equal(group.Name, read!.Name);

        var renamed = Unique.Name("Support L2");
        var updated = await admin.PutAsJsonAsync($"/api/v1/user-groups/{group.Id}", new { name = renamed, kind = "clients", permissions = new[] { "reports.view" } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = (await updated.Content.ReadFromJsonAsync<UserGroupResponse>())!;
        Assert.Equal((renamed, "clients"), (after.Name, after.Kind));
        Assert.Equal(["reports.view"], after.Permissions);

        var list = await admin.GetFromJsonAsync<List<UserGroupResponse>>("/api/v1/user-groups");
        Assert.Contains(list!, g => g.Id == group.Id && g.Name == renamed);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/user-groups/{group.Id}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/v1/user-groups/{group.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rights_of_a_group_apply_to_its_members()
    {
        var group = await _api.CreateGroupAsync("clients", Permissions.ContactsView);
        var member = await _api.SignedInMemberOfAsync(group.Name);

        var me = await member.Http.GetFromJsonAsync<Rolodesk.Server.Features.Contacts.MeResponse>("/api/v1/me");
        var list = await member.Http.GetAsync("/api/v1/users?pageSize=1");
        var create = await member.Http.PostAsJsonAsync("/api/v1/users", new { name = Unique.Name() });

        Assert.Equal([Permissions.ContactsView], me!.Permissions);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        await ProblemAssert.IsProblemAsync(create, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_change_of_rights_applies_to_members_at_once()
    {
        var group = await _api.CreateGroupAsync("clients", Permissions.ContactsView);
        var member = await _api.SignedInMemberOfAsync(group.Name);
        using var admin = await _api.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await member.Http.GetAsync("/api/v1/users?pageSize=1")).StatusCode);

        var revoke = await admin.PutAsJsonAsync($"/api/v1/user-groups/{group.Id}", new { name = group.Name, kind = "clients", permissions = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        await ProblemAssert.IsProblemAsync(await member.Http.GetAsync("/api/v1/users?pageSize=1"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_permission_key_is_a_400_keyed_by_its_index()
    {
        using var admin = await _api.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/user-groups", new { name = Unique.Name(), kind = "agents", permissions = new[] { "fly.planes", "contacts.view", "x" } });

        Assert.Equal(["permissions[0]", "permissions[2]"], (await ProblemAssert.IsValidationProblemAsync(response)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Group_validation_refuses_a_missing_name_an_unknown_kind_and_a_taken_name()
    {
        var existing = await _api.CreateGroupAsync();
        using var admin = await _api.AdminAsync();

        var empty = await admin.PostAsJsonAsync("/api/v1/user-groups", new { name = " ", kind = "robots" });
        var taken = await admin.PostAsJsonAsync("/api/v1/user-groups", new { name = existing.Name.ToUpperInvariant(), kind = "clients" });

        Assert.Equal(["kind", "name"], (await ProblemAssert.IsValidationProblemAsync(empty)).Order(StringComparer.Ordinal));
        Assert.Equal(["name"], await ProblemAssert.IsValidationProblemAsync(taken));
    }

    [Theory]
    [InlineData("Administrators")]
    [InlineData("Agents")]
    [InlineData("Clients")]
    public async Task A_default_group_cannot_be_deleted(string name)
    {
        using var admin = await _api.AdminAsync();
        var id = await _api.GroupIdAsync(name);

        var response = await admin.DeleteAsync($"/api/v1/user-groups/{id}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/user-groups/{id}")).StatusCode);
    }

    [Fact]
    public async Task Unknown_user_group_is_a_404_problem()
    {
        using var admin = await _api.AdminAsync();

        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/user-groups/2147483600"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await admin.DeleteAsync("/api/v1/user-groups/2147483600"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_rights_catalogue_lists_every_right_for_any_signed_in_user()
    {
        var client = await _api.ClientAsync();

        var catalogue = await client.Http.GetFromJsonAsync<List<Permission>>("/api/v1/permissions");

        Assert.Equal(Permissions.All.Select(p => p.Key), catalogue!.Select(p => p.Key));
    }

    [Theory]
    [InlineData("Tier\u00002")]
    [InlineData("Tier\n2")]
    public async Task A_group_name_with_control_characters_is_refused_with_its_field(string name)
    {
        using var admin = await _api.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/user-groups", new { name, kind = "agents" });

        Assert.Equal(["name"], await ProblemAssert.IsValidationProblemAsync(response));
    }

    [Fact]
    public async Task A_client_cannot_list_user_groups()
    {
        var client = await _api.ClientAsync();

        await ProblemAssert.IsProblemAsync(await client.Http.GetAsync("/api/v1/user-groups"), HttpStatusCode.Forbidden);
    }
}
