using System.Net;
using System.Net.Http.Json;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

[Collection(StatusesCollection.Name)]
public sealed class StatusCatalogTests(StatusesApp app)
{
    [Fact]
    public async Task A_fresh_install_has_Online_On_hold_and_Offline_and_only_Online_accepts_requests()
    {
        using var admin = await app.Api.AdminAsync();
        var defaults = (await StatusApi.ListAsync(admin)).Where(s => s.IsDefault).ToList();
        Assert.Equal(["Online", "On hold", "Offline"], defaults.Select(s => s.Name));
        Assert.Equal([true, false, false], defaults.Select(s => s.AcceptsRequests));
    }

    [Fact]
    public async Task A_status_is_added_at_the_end_renamed_recoloured_and_marked_as_accepting_requests()
    {
        using var admin = await app.Api.AdminAsync();
        var created = await StatusApi.CreateAsync(admin, color: "#ab12cd");
        Assert.Equal("#AB12CD", created.Color);
        Assert.Equal(created.Id, (await StatusApi.ListAsync(admin))[^1].Id);

        var name = Unique.Name("Lunch");
        var updated = await StatusApi.OkOf<StatusResponse>(await admin.PutAsJsonAsync($"/api/v1/statuses/{created.Id}", new { name, color = "#00FF00", acceptsRequests = true }));
        Assert.Equal((name, "#00FF00", true), (updated.Name, updated.Color, updated.AcceptsRequests));
        var renamedOnly = await StatusApi.OkOf<StatusResponse>(await admin.PutAsJsonAsync($"/api/v1/statuses/{created.Id}", new { name = name + "!" }));
        Assert.Equal(("#00FF00", true), (renamedOnly.Color, renamedOnly.AcceptsRequests));
    }

    [Fact]
    public async Task A_default_status_can_be_renamed()
    {
        using var admin = await app.Api.AdminAsync();
        var onHold = await StatusApi.IdAsync(admin, SystemStatuses.OnHold);
        var renamed = await StatusApi.OkOf<StatusResponse>(await admin.PutAsJsonAsync($"/api/v1/statuses/{onHold}", new { name = "Paused" }));
        Assert.Equal("Paused", renamed.Name);
        await StatusApi.OkOf<StatusResponse>(await admin.PutAsJsonAsync($"/api/v1/statuses/{onHold}", new { name = "On hold" }));
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#12345")]
    [InlineData("#1234567")]
    [InlineData("#GGGGGG")]
    [InlineData("")]
    public async Task A_colour_must_be_hash_RRGGBB(string color)
    {
        using var admin = await app.Api.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/statuses", new { name = Unique.Name("Status"), color });
        Assert.Equal(["color"], await ProblemAssert.IsValidationProblemAsync(response));
    }

    [Fact]
    public async Task Names_are_required_short_and_unique_ignoring_case()
    {
        using var admin = await app.Api.AdminAsync();
        var existing = await StatusApi.CreateAsync(admin);
        foreach (var name in new[] { "", new string('x', 51), existing.Name.ToUpperInvariant() })
            Assert.Equal(["name"], await ProblemAssert.IsValidationProblemAsync(await admin.PostAsJsonAsync("/api/v1/statuses", new { name, color = "#000000" })));
    }

    [Fact]
    public async Task Reordering_lists_every_status_once()
    {
        using var admin = await app.Api.AdminAsync();
        await StatusApi.CreateAsync(admin);
        var ids = (await StatusApi.ListAsync(admin)).Select(s => s.Id).ToList();
        var reversed = Enumerable.Reverse(ids).ToList();
        var reordered = await StatusApi.OkOf<List<StatusResponse>>(await admin.PutAsJsonAsync("/api/v1/statuses/order", new { ids = reversed }));
        Assert.Equal(reversed, reordered.Select(s => s.Id));
        Assert.Equal(reversed, (await StatusApi.ListAsync(admin)).Select(s => s.Id));
        Assert.Equal(["ids"], await ProblemAssert.IsValidationProblemAsync(await admin.PutAsJsonAsync("/api/v1/statuses/order", new { ids = reversed.Skip(1) })));
        await StatusApi.OkOf<List<StatusResponse>>(await admin.PutAsJsonAsync("/api/v1/statuses/order", new { ids }));
    }

    [Fact]
    public async Task Defaults_cannot_be_deleted_and_a_deletion_needs_another_live_status_to_move_to()
    {
        using var admin = await app.Api.AdminAsync();
        foreach (var s in (await StatusApi.ListAsync(admin)).Where(s => s.IsDefault))
            await ProblemAssert.IsProblemAsync(await admin.DeleteAsync($"/api/v1/statuses/{s.Id}?moveTo={s.Id}"), HttpStatusCode.Conflict);
        var custom = await StatusApi.CreateAsync(admin);
        Assert.Equal(["moveTo"], await ProblemAssert.IsValidationProblemAsync(await admin.DeleteAsync($"/api/v1/statuses/{custom.Id}")));
        Assert.Equal(["moveTo"], await ProblemAssert.IsValidationProblemAsync(await admin.DeleteAsync($"/api/v1/statuses/{custom.Id}?moveTo={custom.Id}")));
        Assert.Equal(["moveTo"], await ProblemAssert.IsValidationProblemAsync(await admin.DeleteAsync($"/api/v1/statuses/{custom.Id}?moveTo=999999")));
        await ProblemAssert.IsProblemAsync(await admin.DeleteAsync("/api/v1/statuses/999999?moveTo=1"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_status_moves_its_agents_and_history_keeps_its_name_and_colour()
    {
        using var admin = await app.Api.AdminAsync();
        var lunch = await StatusApi.CreateAsync(admin, color: "#FF8800");
        var onHold = await StatusApi.IdAsync(admin, SystemStatuses.OnHold);
        var agents = new[] { await app.Api.AgentAsync(), await app.Api.AgentAsync() };
        foreach (var a in agents) await StatusApi.OkAsync(await StatusApi.SetMineAsync(a.Http, lunch.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/statuses/{lunch.Id}?moveTo={onHold}")).StatusCode);

        Assert.DoesNotContain(await StatusApi.ListAsync(admin), s => s.Id == lunch.Id);
        foreach (var a in agents)
        {
            Assert.Equal(onHold, (await StatusApi.CurrentAsync(a.Http)).StatusId);
            var history = (await StatusApi.HistoryAsync(admin, a.User.Id)).Items;
            Assert.Equal("api", history[0].Source);
            Assert.Contains(lunch.Name, history[0].Reason);
            Assert.Equal((lunch.Name, "#FF8800"), (history[1].StatusName, history[1].Color));
            Assert.Equal(lunch.Name, history[0].PreviousStatusName);
            await app.AssertInvariantAsync(a.User.Id);
        }
        Assert.Equal(["statusId"], await ProblemAssert.IsValidationProblemAsync(await StatusApi.SetMineAsync(agents[0].Http, lunch.Id)));
    }
}
