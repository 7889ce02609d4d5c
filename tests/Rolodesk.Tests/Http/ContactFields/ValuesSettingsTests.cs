using System.Net;
using System.Net.Http.Json;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>New settings of the same type never strand a stored value: removing an option cards still hold is refused.</summary>
[Collection(FieldValuesCollection.Name)]
public sealed class ValuesSettingsTests(FieldValuesApp app)
{
    private static object Options(params string[] ids) => new { options = ids.Select(id => new { id, label = id.ToUpperInvariant() }) };

    [Fact]
    public async Task Removing_a_drop_down_option_in_use_is_refused_and_an_unused_one_goes()
    {
        var s = await ValuesScene.CreateAsync(app);
        var field = await s.FieldAsync("dropdown", Options("hi", "mid", "lo"), access: (await s.AdministratorsAsync(), "edit"));
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = "hi" });

        var refused = await s.Admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, settings = Options("mid", "lo") });
        var unused = await s.Admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, settings = Options("hi", "mid") });

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains(card.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(unused.StatusCode == HttpStatusCode.OK, await Api.Describe(unused));
        var settings = (await s.Admin.GetFromJsonAsync<FieldResponse>($"/api/v1/fields/{field.Id}"))!.Settings;
        Assert.Equal(["hi", "mid"], settings.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        ValueAssert.Has(await s.GetUserAsync(card.Id), field.Key, "\"hi\"");
    }

    [Fact]
    public async Task Removing_a_nested_branch_that_a_card_holds_is_refused_but_archiving_it_is_not()
    {
        var s = await ValuesScene.CreateAsync(app);
        object Tree(bool archiveFrance, bool dropFrance) => new
        {
            options = new object[]
            {
                new
                {
                    id = "eu", label = "Europe",
                    children = dropFrance
                        ? new object[] { new { id = "de", label = "Germany" } }
                        : [new { id = "fr", label = "France", archived = archiveFrance }, new { id = "de", label = "Germany" }],
                },
            },
        };
        var field = await s.FieldAsync("nested", Tree(false, false), access: (await s.AdministratorsAsync(), "edit"));
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = new[] { "eu", "fr" } });

        var dropped = await s.Admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, settings = Tree(false, true) });
        var archived = await s.Admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, settings = Tree(true, false) });

        await ProblemAssert.IsProblemAsync(dropped, HttpStatusCode.Conflict);
        Assert.True(archived.StatusCode == HttpStatusCode.OK, await Api.Describe(archived));
        ValueAssert.Has(await s.GetUserAsync(card.Id), field.Key, "[\"eu\",\"fr\"]");
    }
}
