using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
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
}
