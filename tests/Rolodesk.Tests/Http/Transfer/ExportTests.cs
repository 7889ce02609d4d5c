using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Access;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>CSV export: display access, formula neutralisation, rights.</summary>
[Collection(TransferCollection.Name)]
public sealed class ExportTests(TransferApp app)
{
    private static readonly object Priority = new { options = new[] { new { id = "hi", label = "High" }, new { id = "lo", label = "Low" } } };

    [Fact]
    public async Task An_agent_gets_only_the_columns_they_may_display_with_labels_and_formulas_neutralised()
    {
        var s = await TransferScene.CreateAsync(app);
        var admins = await s.Api.GroupIdAsync("Administrators");
        var agentsGroup = await s.Api.CreateGroupAsync("agents", Permissions.ContactsView, Permissions.ContactsEdit);
        var secret = await s.FieldAsync("text", null, (admins, "edit"));
        var open = await s.FieldAsync("text", null, (admins, "edit"), (agentsGroup.Id, "display"));
        var level = await s.FieldAsync("dropdown", Priority, (admins, "edit"), (agentsGroup.Id, "display"));
        var name = Unique.Name("Export");
        var created = await s.Admin.PostAsJsonAsync("/api/v1/users", new
        {
            name,
            email = Unique.Email(),
            phone = "+33 1 23 45 67 89",
            groupIds = new[] { s.Audience.Id },
            customFields = new Dictionary<string, object> { [secret.Key] = "classified", [open.Key] = "=1+1", [level.Key] = "hi" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var agent = await s.Api.SignedInMemberOfAsync(agentsGroup.Name);

        var byAgent = await TransferScene.ExportAsync(agent.Http, $"/api/v1/users/export?search={Uri.EscapeDataString(name)}");
        var byAdmin = await TransferScene.ExportAsync(s.Admin, $"/api/v1/users/export?search={Uri.EscapeDataString(name)}");

        Assert.Equal(["id", "name", "email", "phone", "company", "groups"], byAgent.Header[..6]);
        Assert.DoesNotContain(secret.Key, byAgent.Header);
        Assert.Equal(2, byAgent.Rows.Count);
        Assert.Equal("'=1+1", byAgent.Cell("name", name, open.Key));
        Assert.Equal("High", byAgent.Cell("name", name, level.Key));
        Assert.Equal("'+33 1 23 45 67 89", byAgent.Cell("name", name, "phone"));
        Assert.Equal(s.Audience.Name, byAgent.Cell("name", name, "groups"));
        Assert.Equal("classified", byAdmin.Cell("name", name, secret.Key));
    }

    [Fact]
    public async Task A_field_that_does_not_apply_to_a_card_is_empty_there()
    {
        var s = await TransferScene.CreateAsync(app);
        var field = await s.FieldAsync("text", null, (await s.Api.GroupIdAsync("Administrators"), "edit"));
        var outsider = await s.Api.CreateUserAsync();

        var csv = await TransferScene.ExportAsync(s.Admin, $"/api/v1/users/export?search={Uri.EscapeDataString(outsider.Name)}");

        Assert.Equal("", csv.Cell("name", outsider.Name, field.Key));
    }

    [Fact]
    public async Task Companies_export_with_their_fields()
    {
        var s = await TransferScene.CreateAsync(app, "companies");
        var field = await s.FieldAsync("number", new { decimalPlaces = 1 }, (await s.Api.GroupIdAsync("Administrators"), "edit"));
        var name = Unique.Name("Firm");
        var created = await s.Admin.PostAsJsonAsync("/api/v1/companies", new { name, customFields = new Dictionary<string, object> { [field.Key] = -12.5 } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var csv = await TransferScene.ExportAsync(s.Admin, $"/api/v1/companies/export?search={Uri.EscapeDataString(name)}");

        Assert.Equal(["id", "name"], csv.Header[..2]);
        Assert.Equal("'-12.5", csv.Cell("name", name, field.Key));
    }

    [Fact]
    public async Task Export_and_import_need_their_rights()
    {
        var client = await app.Api.ClientAsync();
        var viewer = await app.Api.SignedInMemberOfAsync((await app.Api.CreateGroupAsync("agents", Permissions.ContactsView)).Name);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/api/v1/users/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/api/v1/companies/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TransferScene.PostImportAsync(client.Http, "users", "name\nx\n")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TransferScene.PostImportAsync(viewer.Http, "companies", "name\nx\n")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.Http.GetAsync("/api/v1/companies/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Api.Anonymous().GetAsync("/api/v1/users/export")).StatusCode);
    }
}
