using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Tests.Infrastructure;

// In Rolodesk.Tests.Http so that test.sh's PostgreSQL run, filtered on that namespace, includes these tests.
namespace Rolodesk.Tests.Http;

/// <summary>
/// The application with a database of its own: company fields apply to every company, so these
/// tests keep their fields away from the other tests' cards.
/// </summary>
public sealed class FieldValuesApp : RolodeskApp;

[CollectionDefinition(Name)]
public sealed class FieldValuesCollection : ICollectionFixture<FieldValuesApp>
{
    public const string Name = "Custom field values";
}

/// <summary>
/// A users field group tied to a fresh user group (the audience: only its members' cards get the
/// fields), an agents group and a clients group whose access each test chooses, and helpers.
/// </summary>
public sealed class ValuesScene(FieldValuesApp app, HttpClient admin, UserGroupResponse audience, UserGroupResponse agents, FieldGroupResponse group)
{
    public Api Api => app.Api;
    public HttpClient Admin => admin;
    public UserGroupResponse Audience => audience;
    public UserGroupResponse Agents => agents;
    public FieldGroupResponse Group => group;

    public static async Task<ValuesScene> CreateAsync(FieldValuesApp app, string target = "users")
    {
        var admin = await app.Api.AdminAsync();
        var audience = await app.Api.CreateGroupAsync("clients");
        var agents = await app.Api.CreateGroupAsync("agents", Permissions.ContactsView, Permissions.ContactsEdit);
        var group = await Defs.CreateGroupAsync(admin, target, target == "users" ? [audience.Id] : null);
        return new ValuesScene(app, admin, audience, agents, group);
    }

    /// <summary>A field of this scene's group; <paramref name="access"/> pairs a user group id with display, edit or mandatory.</summary>
    public async Task<FieldResponse> FieldAsync(string type, object? settings = null, object? defaultValue = null, params (int Group, string Level)[] access)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/fields", new
        {
            name = Unique.Name(type),
            fieldGroupId = group.Id,
            type,
            settings,
            defaultValue,
            access = access.Select(a => new { userGroupId = a.Group, level = a.Level }),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<FieldResponse>())!;
    }

    /// <summary>A signed-in member of the scene's agents group.</summary>
    public Task<Caller> AgentAsync() => app.Api.SignedInMemberOfAsync(agents.Name);

    /// <summary>A signed-in client whose own card has the scene's fields.</summary>
    public Task<Caller> ClientAsync() => app.Api.SignedInMemberOfAsync(audience.Name);

    /// <summary>A user in the audience, created by <paramref name="by"/> (the administrator by default).</summary>
    public async Task<HttpResponseMessage> PostUserAsync(object? customFields, HttpClient? by = null, string? name = null) =>
        await (by ?? admin).PostAsJsonAsync("/api/v1/users", new { name = name ?? Unique.Name("Card"), email = Unique.Email(), groupIds = new[] { audience.Id }, customFields });

    public async Task<UserResponse> CreateUserAsync(object? customFields = null, HttpClient? by = null)
    {
        var response = await PostUserAsync(customFields, by);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<UserResponse>())!;
    }

    public Task<HttpResponseMessage> PutUserAsync(UserResponse user, object? customFields, HttpClient? by = null, string? email = null) =>
        (by ?? admin).PutAsJsonAsync($"/api/v1/users/{user.Id}", new { name = user.Name, email = email ?? user.Email, customFields });

    public async Task<UserResponse> GetUserAsync(int id, HttpClient? by = null) =>
        (await (by ?? admin).GetFromJsonAsync<UserResponse>($"/api/v1/users/{id}"))!;

    public async Task<int> AdministratorsAsync() => await app.Api.GroupIdAsync("Administrators");

    /// <summary>The filter index rows of one card, read straight from the database.</summary>
    public async Task<List<CustomFieldIndex>> IndexRowsAsync(FieldTarget kind, int entityId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        return await db.Set<CustomFieldIndex>().AsNoTracking().Where(r => r.EntityKind == kind && r.EntityId == entityId).OrderBy(r => r.FieldId).ThenBy(r => r.Seq).ToListAsync();
    }

    /// <summary>The stored values document of a user card.</summary>
    public async Task<string?> DocumentAsync(int userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.CustomFields).SingleAsync();
    }

    public static JsonElement J(string json) => JsonDocument.Parse(json).RootElement.Clone();
}

public static class ValueAssert
{
    public static void Has(UserResponse card, string key, string json) =>
        Assert.True(card.CustomFields!.TryGetValue(key, out var v) && JsonElement.DeepEquals(v, ValuesScene.J(json)),
            $"customFields.{key}: expected {json}, got {(card.CustomFields!.TryGetValue(key, out var x) ? x.GetRawText() : "(absent)")}");
}
