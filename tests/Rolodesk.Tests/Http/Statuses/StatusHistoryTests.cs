using System.Net.Http.Json;
using Rolodesk.Data.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

[Collection(StatusesCollection.Name)]
public sealed class StatusHistoryTests(StatusesApp app)
{
    [Fact]
    public async Task An_agent_who_never_changed_status_is_Offline_since_creation()
    {
        using var admin = await app.Api.AdminAsync();
        var user = await app.Api.CreateUserAsync(new { name = Unique.Name("Agent"), email = Unique.Email(), groupIds = new[] { await app.Api.GroupIdAsync("Agents") } });
        var history = await StatusApi.HistoryAsync(admin, user.Id);
        var only = Assert.Single(history.Items);
        Assert.Equal(("Offline", user.CreatedAt, (DateTimeOffset?)null), (only.StatusName, only.Started, only.Ended));
        var agents = await admin.GetFromJsonAsync<Rolodesk.Server.Infrastructure.Page<Rolodesk.Server.Features.Statuses.AgentStatusResponse>>(
            $"/api/v1/agents?statusId={only.StatusId}&pageSize=200");
        Assert.Contains(agents!.Items, a => a.AgentId == user.Id && a.Since == user.CreatedAt);
    }

    [Fact]
    public async Task Changing_to_the_status_already_held_adds_nothing()
    {
        var agent = await app.Api.AgentAsync();
        var online = await StatusApi.IdAsync(agent.Http, SystemStatuses.Online);
        var before = (await StatusApi.HistoryAsync(agent.Http, agent.User.Id)).Total;
        await StatusApi.OkAsync(await StatusApi.SetMineAsync(agent.Http, online));
        Assert.Equal(before, (await StatusApi.HistoryAsync(agent.Http, agent.User.Id)).Total);
    }

    [Fact]
    public async Task History_is_newest_first_paged_and_filtered_to_intervals_overlapping_the_period()
    {
        var agent = await app.Api.AgentAsync();
        var statuses = (await StatusApi.ListAsync(agent.Http)).Where(s => s.IsDefault).Select(s => s.Id).ToArray();
        var t0 = app.Clock.GetUtcNow();
        for (var k = 0; k < 12; k++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            await StatusApi.OkAsync(await StatusApi.SetMineAsync(agent.Http, statuses[k % 3 == 0 ? 1 : k % 3 == 1 ? 2 : 0], $"step {k}"));
        }
        var all = await StatusApi.HistoryAsync(agent.Http, agent.User.Id);
        Assert.Equal(14, all.Total); // Offline since creation, sign-in, 12 changes
        Assert.Equal(all.Items.OrderByDescending(i => i.Started).Select(i => i.Id), all.Items.Select(i => i.Id));
        Assert.Equal("step 11", all.Items[0].Reason);

        var page2 = await agent.Http.GetFromJsonAsync<Rolodesk.Server.Infrastructure.Page<Rolodesk.Server.Features.Statuses.StatusIntervalResponse>>(
            $"/api/v1/users/{agent.User.Id}/status-history?page=2&pageSize=5");
        Assert.Equal(all.Items.Skip(5).Take(5).Select(i => i.Id), page2!.Items.Select(i => i.Id));

        // From 25 to 45 minutes: the intervals started at 20, 30 and 40 overlap it.
        var from = Uri.EscapeDataString((t0 + TimeSpan.FromMinutes(25)).ToString("O"));
        var to = Uri.EscapeDataString((t0 + TimeSpan.FromMinutes(45)).ToString("O"));
        var period = await StatusApi.HistoryAsync(agent.Http, agent.User.Id, $"from={from}&to={to}");
        Assert.Equal(["step 3", "step 2", "step 1"], period.Items.Select(i => i.Reason));
        Assert.Equal(["to"], await ProblemAssert.IsValidationProblemAsync(await agent.Http.GetAsync($"/api/v1/users/{agent.User.Id}/status-history?from={to}&to={from}")));
        Assert.Equal(["pageSize"], await ProblemAssert.IsValidationProblemAsync(await agent.Http.GetAsync($"/api/v1/users/{agent.User.Id}/status-history?pageSize=0")));
        await app.AssertInvariantAsync(agent.User.Id);
    }
}
