using System.Net;
using System.Net.Http.Json;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>What purges, type changes and failed writes do to stored values and their index rows.</summary>
[Collection(FieldValuesCollection.Name)]
public sealed class ValuesLifecycleTests(FieldValuesApp app)
{
    [Fact]
    public async Task Purging_a_field_removes_its_values_and_index_rows()
    {
        var s = await ValuesScene.CreateAsync(app);
        var admins = await s.AdministratorsAsync();
        var field = await s.FieldAsync("text", access: (admins, "edit"));
        var kept = await s.FieldAsync("text", access: (admins, "edit"));
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = "gone", [kept.Key] = "stays" });

        Assert.Equal(HttpStatusCode.OK, (await s.Admin.PostAsync($"/api/v1/fields/{field.Id}/archive", null)).StatusCode);
        var purged = await s.Admin.DeleteAsync($"/api/v1/fields/{field.Id}?confirm={field.Key}");
        Assert.True(purged.IsSuccessStatusCode, await Api.Describe(purged));

        Assert.DoesNotContain(field.Key, await s.DocumentAsync(card.Id), StringComparison.Ordinal);
        Assert.Equal("STAYS", Assert.Single(await s.IndexRowsAsync(FieldTarget.Users, card.Id)).Text); // text is indexed upper-cased
        // A new field may take the key again, and starts empty.
        var again = await s.Admin.PostAsJsonAsync("/api/v1/fields", new
        {
            name = field.Name,
            key = field.Key,
            fieldGroupId = s.Group.Id,
            type = "text",
            access = new[] { new { userGroupId = admins, level = "edit" } },
        });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        ValueAssert.Has(await s.GetUserAsync(card.Id), field.Key, "null");
    }

    [Fact]
    public async Task Purging_a_field_group_removes_the_values_of_all_its_fields()
    {
        var s = await ValuesScene.CreateAsync(app);
        var admins = await s.AdministratorsAsync();
        var field = await s.FieldAsync("text", access: (admins, "edit"));
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = "gone with the group" });

        Assert.Equal(HttpStatusCode.OK, (await s.Admin.PostAsync($"/api/v1/field-groups/{s.Group.Id}/archive", null)).StatusCode);
        var purged = await s.Admin.DeleteAsync($"/api/v1/field-groups/{s.Group.Id}?confirm={Uri.EscapeDataString(s.Group.Name)}");
        Assert.True(purged.IsSuccessStatusCode, await Api.Describe(purged));

        Assert.DoesNotContain(field.Key, await s.DocumentAsync(card.Id) ?? "", StringComparison.Ordinal);
        Assert.Empty(await s.IndexRowsAsync(FieldTarget.Users, card.Id));
    }

    [Fact]
    public async Task A_lossless_type_change_converts_values_and_rewrites_the_index()
    {
        var s = await ValuesScene.CreateAsync(app);
        var field = await s.FieldAsync("text", access: (await s.AdministratorsAsync(), "edit"));
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = "42" });

        var toTextarea = await s.Admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, type = "textarea" });
        Assert.True(toTextarea.StatusCode == HttpStatusCode.OK, await Api.Describe(toTextarea));
        ValueAssert.Has(await s.GetUserAsync(card.Id), field.Key, "\"42\"");

        var toNumber = await s.Admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, type = "number" });
        Assert.True(toNumber.StatusCode == HttpStatusCode.OK, await Api.Describe(toNumber));
        ValueAssert.Has(await s.GetUserAsync(card.Id), field.Key, "42");
        var row = Assert.Single(await s.IndexRowsAsync(FieldTarget.Users, card.Id));
        Assert.Equal((null, 42m), (row.Text, row.Number));
    }

    [Fact]
    public async Task A_value_converted_to_text_is_indexed_with_the_cards_sort_name()
    {
        var s = await ValuesScene.CreateAsync(app);
        var field = await s.FieldAsync("number", access: (await s.AdministratorsAsync(), "edit"));
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = 42 });
        Assert.Null(Assert.Single(await s.IndexRowsAsync(FieldTarget.Users, card.Id)).SortKey); // number rows stay narrow (ADR 0010)

        var toText = await s.Admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, type = "text" });
        Assert.True(toText.StatusCode == HttpStatusCode.OK, await Api.Describe(toText));

        var row = Assert.Single(await s.IndexRowsAsync(FieldTarget.Users, card.Id));
        Assert.Equal(("42", card.Name.ToUpperInvariant()), (row.Text, row.SortKey));
    }

    [Fact]
    public async Task A_type_change_that_would_lose_values_is_refused_and_changes_nothing()
    {
        var s = await ValuesScene.CreateAsync(app);
        var field = await s.FieldAsync("number", access: (await s.AdministratorsAsync(), "edit"));
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = 7 });

        var refused = await s.Admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, type = "checkbox" });

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("number", (await s.Admin.GetFromJsonAsync<FieldResponse>($"/api/v1/fields/{field.Id}"))!.Type);
        ValueAssert.Has(await s.GetUserAsync(card.Id), field.Key, "7");
        Assert.Equal(7m, Assert.Single(await s.IndexRowsAsync(FieldTarget.Users, card.Id)).Number);
    }

    [Fact]
    public async Task A_refused_card_write_leaves_the_old_document_and_index_rows()
    {
        var s = await ValuesScene.CreateAsync(app);
        var field = await s.FieldAsync("text", access: (await s.AdministratorsAsync(), "edit"));
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = "before" });
        var document = await s.DocumentAsync(card.Id);

        var refused = await s.PutUserAsync(card, new Dictionary<string, object> { [field.Key] = "after" }, email: "not an email");

        Assert.Equal(["email"], await ProblemAssert.IsValidationProblemAsync(refused));
        Assert.Equal(document, await s.DocumentAsync(card.Id));
        Assert.Equal("BEFORE", Assert.Single(await s.IndexRowsAsync(FieldTarget.Users, card.Id)).Text); // text is indexed upper-cased
    }

    [Fact]
    public async Task Clearing_a_value_removes_it_from_the_document_and_the_index()
    {
        var s = await ValuesScene.CreateAsync(app);
        var field = await s.FieldAsync("date", access: (await s.AdministratorsAsync(), "edit"));
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = "2024-02-29" });

        var cleared = await s.PutUserAsync(card, new Dictionary<string, object?> { [field.Key] = null });

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Null(await s.DocumentAsync(card.Id));
        Assert.Empty(await s.IndexRowsAsync(FieldTarget.Users, card.Id));
    }
}
