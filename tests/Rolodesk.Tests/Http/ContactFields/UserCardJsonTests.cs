using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rolodesk.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// GET /users/{id} writes its JSON by hand (one statement, values copied as stored): it must be
/// byte for byte what the serializer writes for the LINQ projection of the same card.
/// </summary>
[Collection(FieldValuesCollection.Name)]
public sealed class UserCardJsonTests(FieldValuesApp app)
{
    [Fact]
    public async Task Card_read_is_the_serializers_json_of_the_projected_card()
    {
        var s = await ValuesScene.CreateAsync(app);
        var admins = await s.AdministratorsAsync();
        var text = await s.FieldAsync("text", access: [(admins, "edit")]);
        var number = await s.FieldAsync("number", access: [(admins, "edit")]);
        var date = await s.FieldAsync("date", access: [(admins, "edit")]);
        var empty = await s.FieldAsync("checkbox", access: [(admins, "display")]);
        var hidden = await s.FieldAsync("text", access: [(s.Agents.Id, "edit")]);
        var company = await app.Api.CreateCompanyAsync("Zoë & \"Sons\" <b>");
        var response = await s.Admin.PostAsJsonAsync("/api/v1/users", new
        {
            name = "Ünïcode \"quoted\" <name>",
            email = Unique.Email(),
            companyId = company.Id,
            groupIds = new[] { s.Audience.Id, s.Agents.Id },
            customFields = new Dictionary<string, object>
            {
                [text.Key] = "Grüße \"aus\" <Köln> \\ \u2028",
                [number.Key] = 1250,
                [date.Key] = "2024-05-01",
            },
        });
        Assert.True(response.IsSuccessStatusCode, await Api.Describe(response));
        var id = (await response.Content.ReadFromJsonAsync<UserResponse>())!.Id;

        var wire = await s.Admin.GetStringAsync($"/api/v1/users/{id}");

        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var me = (await s.Admin.GetFromJsonAsync<MeResponse>("/api/v1/me"))!;
        var actor = (await sp.GetRequiredService<PermissionService>().GetAsync(me.User.Id))!;
        var projected = await sp.GetRequiredService<RolodeskDbContext>().GetCardAsync(id, sp.GetRequiredService<CardFields>(), actor, default);
        var expected = JsonSerializer.Serialize(projected, sp.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);

        Assert.Equal(expected, wire);
        Assert.Contains($"\"{empty.Key}\":null", wire);
        Assert.DoesNotContain(hidden.Key, wire);
    }
}
