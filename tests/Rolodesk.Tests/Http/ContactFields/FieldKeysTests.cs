using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

[Collection(FieldDefsCollection.Name)]
public sealed class FieldKeysTests(FieldDefsApp app)
{
    private readonly Api _api = app.Api;

    [Fact]
    public async Task The_key_is_proposed_from_the_name_and_made_unique_against_archived_fields_too()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);
        var other = await Defs.CreateGroupAsync(admin, "companies");
        var tag = Unique.Tag();
        var name = $"Café crème {tag}!";

        var first = await Defs.CreateFieldAsync(admin, group.Id, name);
        await admin.PostAsync($"/api/v1/fields/{first.Id}/archive", null);
        var proposal = await admin.GetFromJsonAsync<KeyProposal>($"/api/v1/fields/key-proposal?target=users&name={Uri.EscapeDataString(name)}");
        var second = await Defs.CreateFieldAsync(admin, group.Id, name);
        var third = await Defs.CreateFieldAsync(admin, group.Id, name);
        var companies = await Defs.CreateFieldAsync(admin, other.Id, name);
        var digits = await Defs.CreateFieldAsync(admin, group.Id, "2 " + tag);

        Assert.Equal($"cafe_creme_{tag}", first.Key);
        Assert.Equal($"cafe_creme_{tag}_2", proposal!.Key);
        Assert.Equal(($"cafe_creme_{tag}_2", $"cafe_creme_{tag}_3"), (second.Key, third.Key));
        Assert.Equal($"cafe_creme_{tag}", companies.Key);
        Assert.Equal($"field_2_{tag}", digits.Key);
    }

    [Fact]
    public async Task A_given_key_is_checked_for_form_and_uniqueness_per_target()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);
        var key = "k_" + Unique.Tag();
        var field = await Defs.CreateFieldAsync(admin, group.Id, key: key);
        await admin.PostAsync($"/api/v1/fields/{field.Id}/archive", null);

        var taken = await admin.PostAsJsonAsync("/api/v1/fields", new { key, name = "", fieldGroupId = group.Id, type = "test-text" });
        foreach (var bad in new[] { "Upper", "1abc", "with-dash", "", new string('a', 65) })
            Assert.Equal(["key"], await ProblemAssert.IsValidationProblemAsync(
                await admin.PostAsJsonAsync("/api/v1/fields", new { key = bad, name = "x", fieldGroupId = group.Id, type = "test-text" })));

        Assert.Equal(["key", "name"], (await ProblemAssert.IsValidationProblemAsync(taken)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_key_is_immutable()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);
        var field = await Defs.CreateFieldAsync(admin, group.Id);

        var same = await admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { key = field.Key, name = "Renamed" });
        var changed = await admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { key = field.Key + "_x", name = "Renamed" });

        Assert.Equal("Renamed", (await Defs.OkAsync<FieldResponse>(same)).Name);
        Assert.Equal(["key"], await ProblemAssert.IsValidationProblemAsync(changed));
    }

    [Fact]
    public async Task An_archived_field_is_hidden_restorable_and_purged_only_with_its_key()
    {
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);
        var field = await Defs.CreateFieldAsync(admin, group.Id);

        var live = await admin.DeleteAsync($"/api/v1/fields/{field.Id}?confirm={field.Key}");
        await Defs.OkAsync<FieldResponse>(await admin.PostAsync($"/api/v1/fields/{field.Id}/archive", null));
        var listed = await admin.GetFromJsonAsync<List<FieldResponse>>($"/api/v1/fields?fieldGroupId={group.Id}");
        var listedAll = await admin.GetFromJsonAsync<List<FieldResponse>>($"/api/v1/fields?fieldGroupId={group.Id}&includeArchived=true");
        var restored = await Defs.OkAsync<FieldResponse>(await admin.PostAsync($"/api/v1/fields/{field.Id}/restore", null));
        await admin.PostAsync($"/api/v1/fields/{field.Id}/archive", null);
        var unconfirmed = await admin.DeleteAsync($"/api/v1/fields/{field.Id}?confirm={field.Name}");
        var purged = await admin.DeleteAsync($"/api/v1/fields/{field.Id}?confirm={field.Key}");

        await ProblemAssert.IsProblemAsync(live, HttpStatusCode.Conflict);
        Assert.Empty(listed!);
        Assert.Equal([field.Id], listedAll!.Select(f => f.Id));
        Assert.Null(restored.ArchivedAt);
        Assert.Equal(["confirm"], await ProblemAssert.IsValidationProblemAsync(unconfirmed));
        Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/v1/fields/{field.Id}"), HttpStatusCode.NotFound);
    }
}
