using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// Runs on an application of its own where the seeded administrator is the only holder of
/// user-groups.manage; every change tried here is refused, so the tests do not disturb each other.
/// </summary>
public sealed class LastManagerTests(SoleAdminApp app) : IClassFixture<SoleAdminApp>
{
    private readonly Api _api = app.Api;

    private async Task<(HttpClient Admin, int AdminId, UserGroupResponse Administrators)> SetUpAsync()
    {
        var admin = await _api.AdminAsync();
        var me = (await admin.GetFromJsonAsync<MeResponse>("/api/v1/me"))!;
        var groups = (await admin.GetFromJsonAsync<List<UserGroupResponse>>("/api/v1/user-groups"))!;
        return (admin, me.User.Id, groups.Single(g => g.Name == "Administrators"));
    }

    [Fact]
    public async Task Removing_user_groups_manage_from_Administrators_when_the_admin_is_its_only_holder_is_refused_with_409()
    {
        var (admin, _, administrators) = await SetUpAsync();
        var fewer = administrators.Permissions.Where(p => p != Permissions.UserGroupsManage).ToArray();

        var response = await admin.PutAsJsonAsync($"/api/v1/user-groups/{administrators.Id}", new { name = administrators.Name, kind = "agents", permissions = fewer });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        var after = await admin.GetFromJsonAsync<UserGroupResponse>($"/api/v1/user-groups/{administrators.Id}");
        Assert.Contains(Permissions.UserGroupsManage, after!.Permissions);
        var me = await admin.GetFromJsonAsync<MeResponse>("/api/v1/me");
        Assert.Contains(Permissions.UserGroupsManage, me!.Permissions);
    }

    [Fact]
    public async Task Moving_the_only_administrator_out_of_Administrators_is_refused_with_409()
    {
        var (admin, adminId, administrators) = await SetUpAsync();
        var agents = await _api.GroupIdAsync("Agents");

        var response = await admin.PutAsJsonAsync($"/api/v1/users/{adminId}", new { name = "Administrator", email = RolodeskApp.AdminEmail, groupIds = new[] { agents } });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        var after = await admin.GetFromJsonAsync<UserResponse>($"/api/v1/users/{adminId}");
        Assert.Equal([administrators.Id], after!.Groups.Select(g => g.Id));
    }

    [Fact]
    public async Task Deleting_the_only_administrator_is_refused_with_409()
    {
        var (admin, adminId, _) = await SetUpAsync();

        var response = await admin.DeleteAsync($"/api/v1/users/{adminId}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/users/{adminId}")).StatusCode);
    }

    [Fact]
    public async Task The_kind_of_a_default_group_cannot_change()
    {
        var (admin, _, administrators) = await SetUpAsync();

        var response = await admin.PutAsJsonAsync($"/api/v1/user-groups/{administrators.Id}",
            new { name = administrators.Name, kind = "clients", permissions = administrators.Permissions });

        Assert.Equal(["kind"], await ProblemAssert.IsValidationProblemAsync(response));
    }
}
