using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// Definitions with the real field types, on the application as shipped. Each test runs once its
/// type is in <see cref="FieldTypeRegistry.Default"/> and is skipped until then.
/// </summary>
public sealed class BuiltInFieldTypesTests(RolodeskApp app)
{
    private readonly Api _api = app.Api;

    private static void Needs(params string[] types)
    {
        foreach (var t in types)
            Assert.SkipUnless(FieldTypeRegistry.Default.Find(t) is not null, $"The field type '{t}' is not registered yet.");
    }

    [Fact]
    public async Task The_seven_types_are_offered()
    {
        Needs("text", "textarea", "dropdown", "checkbox", "date", "number", "nested");
        using var admin = await _api.AdminAsync();

        var types = await admin.GetFromJsonAsync<List<FieldTypeResponse>>("/api/v1/field-types");

        Assert.Equal(["checkbox", "date", "dropdown", "nested", "number", "text", "textarea"], types!.Select(t => t.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_checkbox_field_keeps_its_default()
    {
        Needs("checkbox");
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);

        var response = await admin.PostAsJsonAsync("/api/v1/fields", new { name = Unique.Name("Vip"), fieldGroupId = group.Id, type = "checkbox", defaultValue = true });

        Assert.True(response.StatusCode == HttpStatusCode.Created, await Api.Describe(response));
        var field = (await response.Content.ReadFromJsonAsync<FieldResponse>())!;
        Assert.True((await admin.GetFromJsonAsync<FieldResponse>($"/api/v1/fields/{field.Id}"))!.DefaultValue!.Value.GetBoolean());
    }

    [Fact]
    public async Task A_text_default_of_seven_lines_is_refused()
    {
        Needs("text");
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);

        var response = await admin.PostAsJsonAsync("/api/v1/fields", new { name = "x", fieldGroupId = group.Id, type = "text", defaultValue = "1\n2\n3\n4\n5\n6\n7" });

        Assert.Equal(["defaultValue"], await ProblemAssert.IsValidationProblemAsync(response));
    }

    [Fact]
    public async Task A_dropdown_without_options_and_a_number_with_min_above_max_are_refused_in_their_settings()
    {
        Needs("dropdown", "number");
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);

        var dropdown = await admin.PostAsJsonAsync("/api/v1/fields", new { name = "x", fieldGroupId = group.Id, type = "dropdown", settings = new { options = Array.Empty<object>() } });
        var number = await admin.PostAsJsonAsync("/api/v1/fields", new { name = "x", fieldGroupId = group.Id, type = "number", settings = new { min = 10, max = 1 } });

        Assert.All(await ProblemAssert.IsValidationProblemAsync(dropdown), p => Assert.StartsWith("settings", p));
        Assert.All(await ProblemAssert.IsValidationProblemAsync(number), p => Assert.StartsWith("settings", p));
    }

    [Fact]
    public async Task A_type_change_of_a_field_without_values_is_allowed()
    {
        Needs("text", "textarea");
        using var admin = await _api.AdminAsync();
        var group = await Defs.CreateGroupAsync(admin);
        var field = await Defs.CreateFieldAsync(admin, group.Id, type: "text");

        var changed = await Defs.OkAsync<FieldResponse>(await admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, type = "textarea" }));

        Assert.Equal(("textarea", field.Key), (changed.Type, changed.Key));
    }
}
