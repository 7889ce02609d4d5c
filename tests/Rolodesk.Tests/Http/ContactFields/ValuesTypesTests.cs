using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>Values of each of the seven types through the API, and the filter index rows they leave.</summary>
[Collection(FieldValuesCollection.Name)]
public sealed class ValuesTypesTests(FieldValuesApp app)
{
    private static readonly object Priority = new { options = new[] { new { id = "hi", label = "High" }, new { id = "lo", label = "Low" } } };
    private static readonly object Places = new
    {
        options = new[] { new { id = "eu", label = "Europe", children = new[] { new { id = "fr", label = "France" } } } },
    };

    [Fact]
    public async Task Each_type_round_trips_through_the_api_and_is_indexed()
    {
        var s = await ValuesScene.CreateAsync(app);
        var admins = await s.AdministratorsAsync();
        var values = new (string Type, object? Settings, string Json)[]
        {
            ("text", null, "\"two\\nlines\""),
            ("textarea", null, "\"a\\nb\\nc\\nd\\ne\\nf\\ng\""),
            ("dropdown", Priority, "\"hi\""),
            ("checkbox", null, "false"),
            ("date", null, "\"2025-01-31\""),
            ("number", new { decimalPlaces = 2 }, "12.5"),
            ("nested", Places, "[\"eu\",\"fr\"]"),
        };
        var fields = new List<string>();
        foreach (var v in values) fields.Add((await s.FieldAsync(v.Type, v.Settings, access: (admins, "edit"))).Key);
        var body = fields.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => ValuesScene.J(values[x.i].Json));

        var card = await s.CreateUserAsync(body);

        var read = await s.GetUserAsync(card.Id);
        for (var i = 0; i < fields.Count; i++) ValueAssert.Has(read, fields[i], values[i].Json);
        var rows = await s.IndexRowsAsync(FieldTarget.Users, card.Id);
        Assert.Equal(8, rows.Count); // one per value, nested: one per path prefix
        Assert.Equal(12.5m, Assert.Single(rows, r => r.Number is not null).Number);
        Assert.Equal(new DateOnly(2025, 1, 31), Assert.Single(rows, r => r.Date is not null).Date);
        Assert.Equal(["eu", "eu/fr", "false", "hi"], rows.Where(r => r.Text is { Length: < 6 }).Select(r => r.Text!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("number", "{\"max\":10}", "11")]
    [InlineData("date", null, "\"2025-02-30\"")]
    [InlineData("dropdown", "{\"options\":[{\"id\":\"a\",\"label\":\"A\"}]}", "\"b\"")]
    [InlineData("checkbox", null, "\"yes\"")]
    [InlineData("text", null, "\"1\\n2\\n3\\n4\\n5\\n6\\n7\"")]
    [InlineData("nested", "{\"options\":[{\"id\":\"eu\",\"label\":\"Europe\",\"children\":[{\"id\":\"fr\",\"label\":\"France\"}]}]}", "[\"fr\"]")]
    public async Task An_invalid_value_is_refused_under_its_fields_path(string type, string? settings, string value)
    {
        var s = await ValuesScene.CreateAsync(app);
        var field = await s.FieldAsync(type, settings is null ? null : ValuesScene.J(settings), access: (await s.AdministratorsAsync(), "edit"));

        var response = await s.PostUserAsync(new Dictionary<string, JsonElement> { [field.Key] = ValuesScene.J(value) });

        // Under the field's path: a nested value's error names the level ("customFields.<key>[0]").
        Assert.All(await ProblemAssert.IsValidationProblemAsync(response), p => Assert.StartsWith("customFields." + field.Key, p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_archived_option_stays_readable_and_is_refused_for_a_new_write()
    {
        var s = await ValuesScene.CreateAsync(app);
        var field = await s.FieldAsync("dropdown", Priority, access: (await s.AdministratorsAsync(), "edit"));
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = "lo" });
        var other = await s.CreateUserAsync();

        var archived = new { options = new object[] { new { id = "hi", label = "High" }, new { id = "lo", label = "Low", archived = true } } };
        var changed = await s.Admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, settings = archived });
        Assert.True(changed.StatusCode == HttpStatusCode.OK, await Api.Describe(changed));

        ValueAssert.Has(await s.GetUserAsync(card.Id), field.Key, "\"lo\"");
        Assert.Equal(HttpStatusCode.OK, (await s.PutUserAsync(card, new Dictionary<string, object> { [field.Key] = "lo" })).StatusCode);
        Assert.Equal(["customFields." + field.Key],
            await ProblemAssert.IsValidationProblemAsync(await s.PutUserAsync(other, new Dictionary<string, object> { [field.Key] = "lo" })));
    }

    [Fact]
    public async Task Renaming_an_option_leaves_values_intact()
    {
        var s = await ValuesScene.CreateAsync(app);
        var field = await s.FieldAsync("dropdown", Priority, access: (await s.AdministratorsAsync(), "edit"));
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = "hi" });

        var renamed = new { options = new[] { new { id = "hi", label = "Urgent" }, new { id = "lo", label = "Low" } } };
        Assert.Equal(HttpStatusCode.OK, (await s.Admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, settings = renamed })).StatusCode);

        ValueAssert.Has(await s.GetUserAsync(card.Id), field.Key, "\"hi\"");
        Assert.Equal("hi", Assert.Single(await s.IndexRowsAsync(FieldTarget.Users, card.Id)).Text);
    }
}
