using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

[Collection(FieldDefsCollection.Name)]
public sealed class FieldRightsTests(FieldDefsApp app)
{
    private readonly Api _api = app.Api;

    private static IEnumerable<Func<HttpClient, Task<HttpResponseMessage>>> Writes(int groupId, int fieldId) =>
    [
        h => h.PostAsJsonAsync("/api/v1/field-groups", new { name = Unique.Name(), target = "users" }),
        h => h.PutAsJsonAsync($"/api/v1/field-groups/{groupId}", new { name = Unique.Name() }),
        h => h.PostAsync($"/api/v1/field-groups/{groupId}/archive", null),
        h => h.PostAsync($"/api/v1/field-groups/{groupId}/restore", null),
        h => h.DeleteAsync($"/api/v1/field-groups/{groupId}?confirm=x"),
        h => h.PutAsJsonAsync("/api/v1/field-groups/order", new { target = "users", ids = new[] { groupId } }),
        h => h.PostAsJsonAsync("/api/v1/fields", new { name = "x", fieldGroupId = groupId, type = "test-text" }),
        h => h.PutAsJsonAsync($"/api/v1/fields/{fieldId}", new { name = "x" }),
        h => h.PostAsync($"/api/v1/fields/{fieldId}/archive", null),
        h => h.PostAsync($"/api/v1/fields/{fieldId}/restore", null),
        h => h.DeleteAsync($"/api/v1/fields/{fieldId}?confirm=x"),
        h => h.PutAsJsonAsync("/api/v1/fields/order", new { fieldGroupId = groupId, ids = new[] { fieldId } }),
        h => h.GetAsync("/api/v1/fields/key-proposal?target=users&name=x"),
        h => h.GetAsync("/api/v1/contact-fields/audit"),
    ];

    private static IEnumerable<string> Reads(int groupId, int fieldId) =>
        ["/api/v1/field-groups", $"/api/v1/field-groups/{groupId}", "/api/v1/fields", $"/api/v1/fields/{fieldId}", "/api/v1/field-types"];

    [Fact]
    public async Task An_agent_reads_definitions_but_changes_nothing()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);
        var agent = await _api.AgentAsync();
        // Agents read the definitions of fields their groups may display (a hidden field's definition stays hidden).
        var response = await admin.PostAsJsonAsync("/api/v1/fields", new
        {
            name = Unique.Name("Field"),
            fieldGroupId = group.Id,
            type = "test-text",
            access = new[] { new { userGroupId = await _api.GroupIdAsync("Agents"), level = "display" } },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Api.Describe(response));
        var field = (await response.Content.ReadFromJsonAsync<FieldResponse>())!;

        foreach (var url in Reads(group.Id, field.Id))
            Assert.True((await agent.Http.GetAsync(url)).StatusCode == HttpStatusCode.OK, url);
        foreach (var write in Writes(group.Id, field.Id))
            await ProblemAssert.IsProblemAsync(await write(agent.Http), HttpStatusCode.Forbidden);
        Assert.Equal(field.Name, (await admin.GetFromJsonAsync<FieldResponse>($"/api/v1/fields/{field.Id}"))!.Name);
    }

    [Fact]
    public async Task A_client_gets_403_everywhere_and_an_anonymous_caller_401()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);
        var field = await Defs.CreateFieldAsync(admin, group.Id);
        var client = await _api.ClientAsync();
        using var anonymous = _api.Anonymous();

        foreach (var url in Reads(group.Id, field.Id))
        {
            await ProblemAssert.IsProblemAsync(await client.Http.GetAsync(url), HttpStatusCode.Forbidden);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
        }
        foreach (var write in Writes(group.Id, field.Id))
            await ProblemAssert.IsProblemAsync(await write(client.Http), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_manage_right_alone_is_enough_to_read_and_write_definitions()
    {
        var managers = await _api.CreateGroupAsync("clients", Permissions.ContactFieldsManage);
        var manager = await _api.SignedInMemberOfAsync(managers.Name);

        var group = await Defs.CreateGroupAsync(manager.Http, "companies");
        var field = await Defs.CreateFieldAsync(manager.Http, group.Id);

        Assert.Equal(HttpStatusCode.OK, (await manager.Http.GetAsync($"/api/v1/field-groups/{group.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.Http.GetAsync($"/api/v1/contact-fields/audit?entity=field&entityId={field.Id}")).StatusCode);
    }
}
