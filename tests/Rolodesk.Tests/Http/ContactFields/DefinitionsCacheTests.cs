using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// The field definitions are cached for the whole process (ADR 0005): a definition change must
/// still reach the very next request, and another instance's change must arrive soon.
/// </summary>
[Collection(FieldValuesCollection.Name)]
public sealed class DefinitionsCacheTests(FieldValuesApp app)
{
    [Fact]
    public async Task Access_audience_and_archive_changes_are_seen_by_the_next_request()
    {
        var s = await ValuesScene.CreateAsync(app);
        var admins = await s.AdministratorsAsync();
        var field = await s.FieldAsync("text", access: [(admins, "edit"), (s.Agents.Id, "display")]);
        var other = await s.FieldAsync("text", access: [(admins, "edit"), (s.Agents.Id, "display")]);
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = "a", [other.Key] = "b" });
        var agent = await s.AgentAsync();
        ValueAssert.Has(await s.GetUserAsync(card.Id, agent.Http), field.Key, "\"a\"");

        var update = await s.Admin.PutAsJsonAsync($"/api/v1/fields/{field.Id}", new { name = field.Name, access = new[] { new { userGroupId = admins, level = "edit" } } });
        Assert.True(update.IsSuccessStatusCode, await Api.Describe(update));
        var afterAccess = await s.GetUserAsync(card.Id, agent.Http);
        Assert.False(afterAccess.CustomFields!.ContainsKey(field.Key), "display access taken away");
        ValueAssert.Has(afterAccess, other.Key, "\"b\"");

        Assert.Equal(HttpStatusCode.OK, (await s.Admin.PostAsync($"/api/v1/fields/{other.Id}/archive", null)).StatusCode);
        Assert.False((await s.GetUserAsync(card.Id, agent.Http)).CustomFields!.ContainsKey(other.Key), "archived");
        Assert.Equal(HttpStatusCode.OK, (await s.Admin.PostAsync($"/api/v1/fields/{other.Id}/restore", null)).StatusCode);
        ValueAssert.Has(await s.GetUserAsync(card.Id, agent.Http), other.Key, "\"b\"");

        var audience = await s.Admin.PutAsJsonAsync($"/api/v1/field-groups/{s.Group.Id}", new { name = s.Group.Name, userGroupIds = Array.Empty<int>() });
        Assert.True(audience.IsSuccessStatusCode, await Api.Describe(audience));
        Assert.False((await s.GetUserAsync(card.Id, agent.Http)).CustomFields!.ContainsKey(other.Key), "the card left the group's audience");
    }

    [Fact]
    public async Task A_change_made_by_another_instance_is_seen_once_the_stamp_is_rechecked()
    {
        var s = await ValuesScene.CreateAsync(app);
        var admins = await s.AdministratorsAsync();
        var field = await s.FieldAsync("text", access: [(admins, "edit"), (s.Agents.Id, "display")]);
        var card = await s.CreateUserAsync(new Dictionary<string, object> { [field.Key] = "a" });
        var agent = await s.AgentAsync();
        ValueAssert.Has(await s.GetUserAsync(card.Id, agent.Http), field.Key, "\"a\"");

        // Another instance: its own context (not this process's interceptor) removes the access row
        // and changes the stamp in one transaction, as that instance's interceptor would.
        var options = DatabaseSetup.Configure(new DbContextOptionsBuilder<RolodeskDbContext>(),
            RolodeskApp.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, app.ConnectionString).Options;
        await using (var other = new RolodeskDbContext((DbContextOptions<RolodeskDbContext>)options))
        {
            await using var tx = await other.Database.BeginTransactionAsync();
            await other.Set<CustomFieldAccess>().Where(a => a.CustomFieldId == field.Id && a.UserGroupId == s.Agents.Id).ExecuteDeleteAsync();
            await other.Set<DefinitionsStamp>().ExecuteUpdateAsync(u => u.SetProperty(x => x.Value, Guid.NewGuid()));
            await tx.CommitAsync();
        }

        var deadline = DateTime.UtcNow + FieldDefinitionsCache.RecheckAfter + TimeSpan.FromSeconds(5);
        while ((await s.GetUserAsync(card.Id, agent.Http)).CustomFields!.ContainsKey(field.Key))
        {
            Assert.True(DateTime.UtcNow < deadline, "the other instance's change was not seen within the recheck interval");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
    [Fact]
    public async Task A_renamed_user_group_is_named_on_the_next_card_and_list_read()
    {
        var s = await ValuesScene.CreateAsync(app);
        var card = await s.CreateUserAsync();
        Assert.Contains((await s.GetUserAsync(card.Id)).Groups, g => g.Id == s.Audience.Id && g.Name == s.Audience.Name);

        var name = Unique.Name("Renamed");
        var rename = await s.Admin.PutAsJsonAsync($"/api/v1/user-groups/{s.Audience.Id}",
            new { name, kind = s.Audience.Kind, permissions = s.Audience.Permissions });
        Assert.True(rename.IsSuccessStatusCode, await Api.Describe(rename));

        Assert.Equal([(s.Audience.Id, name, "clients")], (await s.GetUserAsync(card.Id)).Groups.Select(g => (g.Id, g.Name, g.Kind)));
        var list = await s.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users?search={Uri.EscapeDataString(card.Email!)}", TestContext.Current.CancellationToken);
        Assert.Equal(name, list.GetProperty("items")[0].GetProperty("groups")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_group_another_instance_created_a_moment_ago_is_named_on_a_card_at_once()
    {
        var s = await ValuesScene.CreateAsync(app);
        var card = await s.CreateUserAsync();
        await s.GetUserAsync(card.Id); // this process's copy of the definitions is now fresh, and trusted for a second

        // Another instance adds a group with the card's user in it, changing the stamp as its interceptor would.
        var options = DatabaseSetup.Configure(new DbContextOptionsBuilder<RolodeskDbContext>(),
            RolodeskApp.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, app.ConnectionString).Options;
        var name = "  " + Unique.Name("Night shift"); // sorts before the card's other group
        int groupId;
        await using (var other = new RolodeskDbContext((DbContextOptions<RolodeskDbContext>)options))
        {
            await using var tx = await other.Database.BeginTransactionAsync();
            var group = new UserGroup { Name = name, Kind = UserGroupKind.Clients };
            other.UserGroups.Add(group);
            await other.SaveChangesAsync();
            groupId = group.Id;
            await other.Database.ExecuteSqlAsync($"""INSERT INTO "UserGroupMembers" ("UserGroupId", "UserId") VALUES ({groupId}, {card.Id})""");
            await other.Set<DefinitionsStamp>().ExecuteUpdateAsync(u => u.SetProperty(x => x.Value, Guid.NewGuid()));
            await tx.CommitAsync();
        }

        Assert.Equal([groupId, s.Audience.Id], (await s.GetUserAsync(card.Id)).Groups.Select(g => g.Id));
        Assert.Equal(name, (await s.GetUserAsync(card.Id)).Groups[0].Name);
        var list = await s.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users?search={Uri.EscapeDataString(card.Email!)}", TestContext.Current.CancellationToken);
        Assert.Equal(name, list.GetProperty("items")[0].GetProperty("groups")[0].GetProperty("name").GetString());
    }
}
