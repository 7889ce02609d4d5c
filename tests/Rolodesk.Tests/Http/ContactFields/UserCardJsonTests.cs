using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rolodesk.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// GET /users/{id} and GET /users write their JSON by hand (one statement, values copied as stored): it must be
/// byte for byte what the serializer writes for the LINQ projection of the same cards.
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
        var actor = await ActorAsync(s, sp);
        var projected = await sp.GetRequiredService<RolodeskDbContext>().GetCardAsync(id, sp.GetRequiredService<CardFields>(), actor, default);
        var expected = JsonSerializer.Serialize(projected, sp.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);

        Assert.Equal(expected, wire);
        Assert.Contains($"\"{empty.Key}\":null", wire);
        Assert.DoesNotContain(hidden.Key, wire);
    }

    [Fact]
    public async Task A_list_page_is_the_serializers_json_of_the_projected_cards_in_list_order()
    {
        var s = await ValuesScene.CreateAsync(app);
        var admins = await s.AdministratorsAsync();
        var text = await s.FieldAsync("text", access: [(admins, "edit")]);
        var number = await s.FieldAsync("number", access: [(admins, "edit")]);
        var empty = await s.FieldAsync("checkbox", access: [(admins, "display")]);
        var hidden = await s.FieldAsync("text", access: [(s.Agents.Id, "edit")]);
        var company = await app.Api.CreateCompanyAsync("Zoë & \"Sons\" <b>");
        var tag = Unique.Tag();
        // Names out of id order, so the page's order (by name) is not the order the cards were read in.
        foreach (var (name, groups, withCompany) in new[] { ("Charlie", new[] { s.Audience.Id, s.Agents.Id }, true), ("Ärger \"q\" <b>", [s.Audience.Id], false), ("alpha", [s.Audience.Id], true) })
        {
            var response = await s.Admin.PostAsJsonAsync("/api/v1/users", new
            {
                name = $"{name} {tag}",
                email = Unique.Email(),
                companyId = withCompany ? company.Id : (int?)null,
                groupIds = groups,
                customFields = new Dictionary<string, object>
                {
                    [text.Key] = "Grüße \"aus\" <Köln> \\ \u2028",
                    [number.Key] = 1250,
                },
            });
            Assert.True(response.IsSuccessStatusCode, await Api.Describe(response));
        }

        var wire = await s.Admin.GetStringAsync($"/api/v1/users?search={tag}&sort=name&pageSize=2");
        var rest = await s.Admin.GetStringAsync($"/api/v1/users?search={tag}&sort=name&pageSize=2&page=2&total=false");

        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var actor = await ActorAsync(s, sp);
        var db = sp.GetRequiredService<RolodeskDbContext>();
        var sorted = db.Users.AsNoTracking().Search(tag).Sort("name");
        async Task<List<UserResponse>> ProjectedAsync(int skip) =>
            await (await sorted.Skip(skip).Take(2).ToRows().ToListAsync()).WithCustomFieldsAsync(sp.GetRequiredService<CardFields>(), actor, default);
        var options = sp.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        Assert.Equal(JsonSerializer.Serialize(new UserListPage(await ProjectedAsync(0), 1, 2, 3), options), wire);
        Assert.Equal(JsonSerializer.Serialize(new UserListPage(await ProjectedAsync(2), 2, 2, null), options), rest);
        Assert.Contains($"\"{empty.Key}\":null", wire);
        Assert.DoesNotContain(hidden.Key, wire + rest);
        Assert.StartsWith($"{{\"items\":[{{\"id\":", wire);
    }

    [Fact]
    public async Task An_empty_page_is_an_empty_list_with_the_total()
    {
        var s = await ValuesScene.CreateAsync(app);

        var wire = await s.Admin.GetStringAsync($"/api/v1/users?search={Unique.Tag()}");

        Assert.Equal("{\"items\":[],\"pageNumber\":1,\"pageSize\":" + Paging.DefaultPageSize + ",\"total\":0}", wire);
    }

    private static async Task<UserAccess> ActorAsync(ValuesScene s, IServiceProvider sp)
    {
        var me = (await s.Admin.GetFromJsonAsync<MeResponse>("/api/v1/me"))!;
        return (await sp.GetRequiredService<PermissionService>().GetAsync(me.User.Id))!;
    }
}
