using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>Who sees and who writes custom field values on user cards, by the acting user's groups.</summary>
[Collection(FieldValuesCollection.Name)]
public sealed class ValuesAccessTests(FieldValuesApp app)
{
    [Fact]
    public async Task Defaults_fill_a_new_card_that_the_field_applies_to()
    {
        var s = await ValuesScene.CreateAsync(app);
        var admins = await s.AdministratorsAsync();
        var field = await s.FieldAsync("text", defaultValue: "hello", access: (admins, "edit"));

        var card = await s.CreateUserAsync();
        var outsider = await s.Api.CreateUserAsync();

        ValueAssert.Has(card, field.Key, "\"hello\"");
        Assert.True(card.CustomFields!.Equals((await s.GetUserAsync(card.Id)).CustomFields), "the card reads back with its values");
        Assert.False((await s.GetUserAsync(outsider.Id)).CustomFields!.ContainsKey(field.Key));
    }

    [Fact]
    public async Task A_field_hidden_from_clients_never_reaches_a_client_but_an_agent_with_display_sees_it()
    {
        var s = await ValuesScene.CreateAsync(app);
        var admins = await s.AdministratorsAsync();
        var secret = await s.FieldAsync("text", access: [(admins, "edit"), (s.Agents.Id, "display")]);
        var open = await s.FieldAsync("text", access: [(admins, "edit"), (s.Agents.Id, "display"), (s.Audience.Id, "display")]);
        var client = await s.ClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await s.PutUserAsync(client.User, new Dictionary<string, object> { [secret.Key] = "s", [open.Key] = "o" })).StatusCode);
        var agent = await s.AgentAsync();

        var me = (await client.Http.GetFromJsonAsync<MeResponse>("/api/v1/me"))!.User;
        var own = await s.GetUserAsync(client.User.Id, client.Http);
        var byAgent = await s.GetUserAsync(client.User.Id, agent.Http);
        var list = (await agent.Http.GetFromJsonAsync<Page<UserResponse>>($"/api/v1/users?search={Uri.EscapeDataString(client.User.Name)}"))!;

        foreach (var card in new[] { me, own })
        {
            Assert.False(card.CustomFields!.ContainsKey(secret.Key));
            ValueAssert.Has(card, open.Key, "\"o\"");
        }
        foreach (var card in new[] { byAgent, Assert.Single(list.Items) })
        {
            ValueAssert.Has(card, secret.Key, "\"s\"");
            ValueAssert.Has(card, open.Key, "\"o\"");
        }
    }

    [Fact]
    public async Task Writing_a_field_without_edit_access_is_refused_by_its_key_and_nothing_is_written()
    {
        var s = await ValuesScene.CreateAsync(app);
        var admins = await s.AdministratorsAsync();
        var readOnly = await s.FieldAsync("text", access: [(admins, "edit"), (s.Agents.Id, "display")]);
        var editable = await s.FieldAsync("text", access: [(admins, "edit"), (s.Agents.Id, "edit")]);
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [readOnly.Key] = "kept", [editable.Key] = "old" });
        var agent = await s.AgentAsync();

        var refused = await s.PutUserAsync(card, new Dictionary<string, object> { [readOnly.Key] = "changed", [editable.Key] = "new", ["nope"] = 1 }, agent.Http);

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal("You may not edit this field.", errors.GetProperty($"customFields.{readOnly.Key}")[0].GetString());
        Assert.Equal("No such field on this card.", errors.GetProperty("customFields.nope")[0].GetString());
        var after = await s.GetUserAsync(card.Id);
        ValueAssert.Has(after, readOnly.Key, "\"kept\"");
        ValueAssert.Has(after, editable.Key, "\"old\"");

        // Sending back what is stored is no edit: a card read and saved as it is goes through.
        var same = await s.PutUserAsync(card, new Dictionary<string, object> { [readOnly.Key] = "kept", [editable.Key] = "new" }, agent.Http);
        Assert.True(same.StatusCode == HttpStatusCode.OK, await Api.Describe(same));
        ValueAssert.Has(await s.GetUserAsync(card.Id), editable.Key, "\"new\"");
    }

    [Fact]
    public async Task A_missing_mandatory_value_is_refused_with_the_cards_other_errors()
    {
        var s = await ValuesScene.CreateAsync(app);
        var required = await s.FieldAsync("text", access: (s.Agents.Id, "mandatory"));
        var number = await s.FieldAsync("number", new { max = 10 }, access: (s.Agents.Id, "edit"));
        var agent = await s.AgentAsync();

        var refused = await agent.Http.PostAsJsonAsync("/api/v1/users", new
        {
            name = "",
            groupIds = new[] { s.Audience.Id },
            customFields = new Dictionary<string, object> { [number.Key] = 11 },
        });
        var blank = await s.PostUserAsync(new Dictionary<string, object> { [required.Key] = "  " }, agent.Http);
        var accepted = await s.PostUserAsync(new Dictionary<string, object> { [required.Key] = "filled" }, agent.Http);

        Assert.Equal(["customFields." + number.Key, "customFields." + required.Key, "name"],
            (await ProblemAssert.IsValidationProblemAsync(refused)).Order(StringComparer.Ordinal));
        Assert.Equal(["customFields." + required.Key], await ProblemAssert.IsValidationProblemAsync(blank));
        Assert.True(accepted.StatusCode == HttpStatusCode.Created, await Api.Describe(accepted));
        // Mandatory for agents only: the administrator, without access, still creates cards without it.
        Assert.Equal(HttpStatusCode.Created, (await s.PostUserAsync(null)).StatusCode);
    }

    [Fact]
    public async Task A_client_edits_their_own_card_with_the_rights_of_their_groups()
    {
        var s = await ValuesScene.CreateAsync(app);
        var editable = await s.FieldAsync("text", access: (s.Audience.Id, "edit"));
        var shown = await s.FieldAsync("text", access: (s.Audience.Id, "display"));
        var client = await s.ClientAsync();

        var ok = await client.Http.PutAsJsonAsync("/api/v1/me", new { name = client.User.Name, email = client.User.Email, customFields = new Dictionary<string, object> { [editable.Key] = "mine" } });
        var refused = await client.Http.PutAsJsonAsync("/api/v1/me", new { name = client.User.Name, email = client.User.Email, customFields = new Dictionary<string, object> { [shown.Key] = "x" } });

        Assert.True(ok.StatusCode == HttpStatusCode.OK, await Api.Describe(ok));
        ValueAssert.Has((await ok.Content.ReadFromJsonAsync<UserResponse>())!, editable.Key, "\"mine\"");
        Assert.Equal(["customFields." + shown.Key], await ProblemAssert.IsValidationProblemAsync(refused));
        Assert.DoesNotContain(shown.Key, await s.DocumentAsync(client.User.Id) ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Company_cards_show_only_what_the_actor_may_display()
    {
        var s = await ValuesScene.CreateAsync(app, "companies");
        var admins = await s.AdministratorsAsync();
        var shown = await s.FieldAsync("checkbox", defaultValue: true, access: [(admins, "edit"), (s.Agents.Id, "display")]);
        var hidden = await s.FieldAsync("text", defaultValue: "internal", access: (admins, "edit"));
        var created = await s.Admin.PostAsJsonAsync("/api/v1/companies", new { name = Unique.Name("Co") });
        var company = (await created.Content.ReadFromJsonAsync<CompanyResponse>())!;
        var agent = await s.AgentAsync();

        var byAgent = (await agent.Http.GetFromJsonAsync<CompanyResponse>($"/api/v1/companies/{company.Id}"))!;
        var listed = (await agent.Http.GetFromJsonAsync<Page<CompanyResponse>>($"/api/v1/companies?search={Uri.EscapeDataString(company.Name)}"))!;

        Assert.True(company.CustomFields![shown.Key].GetBoolean());
        Assert.Equal("internal", company.CustomFields![hidden.Key].GetString());
        foreach (var card in new[] { byAgent, Assert.Single(listed.Items) })
        {
            Assert.True(card.CustomFields![shown.Key].GetBoolean());
            Assert.False(card.CustomFields.ContainsKey(hidden.Key));
        }
    }
}
