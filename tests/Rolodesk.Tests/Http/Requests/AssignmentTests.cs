using System.Net.Http.Json;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>Where requests go: round-robin, least-loaded, the queue, and the moments it drains.</summary>
[Collection(DistributionCollection.Name)]
public sealed class AssignmentTests(DistributionApp app)
{
    [Fact]
    public async Task Round_robin_spreads_requests_so_counts_differ_by_at_most_one()
    {
        var world = await app.ScenarioAsync(agents: 3, capacity: 100);
        var requests = new List<Rolodesk.Server.Features.Distribution.RequestResponse>();
        for (var i = 0; i < 10; i++) requests.Add(await world.CreateAsync());

        Assert.All(requests, r => Assert.Equal("assigned", r.State));
        var counts = world.Agents.Select(a => requests.Count(r => r.AgentId == a.User.Id)).ToList();
        Assert.Equal(10, counts.Sum());
        Assert.True(counts.Max() - counts.Min() <= 1, string.Join(",", counts));
        // In turn: the same agent never gets two in a row while others wait.
        Assert.All(requests.Zip(requests.Skip(1)), p => Assert.NotEqual(p.First.AgentId, p.Second.AgentId));
    }

    [Fact]
    public async Task Least_loaded_picks_the_fewest_open_and_breaks_ties_by_longest_since_last_assignment()
    {
        var world = await app.ScenarioAsync(agents: 3, method: "leastLoaded", capacity: 10);
        var (a, b, c) = (world.Agents[0].User.Id, world.Agents[1].User.Id, world.Agents[2].User.Id);
        var first = await world.CreateAsync();
        var second = await world.CreateAsync();
        var third = await world.CreateAsync();
        Assert.Equal([a, b, c], new[] { first.AgentId, second.AgentId, third.AgentId }.Select(x => x!.Value));

        await world.CloseAsync(second.Id);
        Assert.Equal(b, (await world.CreateAsync()).AgentId); // b has 0 open
        // All have one open now; a's last assignment is the oldest.
        Assert.Equal(a, (await world.CreateAsync()).AgentId);
        Assert.Equal(c, (await world.CreateAsync()).AgentId);
    }

    [Fact]
    public async Task The_queue_waits_in_arrival_order_and_drains_on_status_change_and_on_close()
    {
        var world = await app.ScenarioAsync(agents: 1, capacity: 2);
        var agent = world.Agents[0];
        await world.SetStatusAsync(agent, world.OnHold);
        var r1 = await world.CreateAsync();
        var r2 = await world.CreateAsync();
        var r3 = await world.CreateAsync();
        Assert.All([r1, r2, r3], r => Assert.Equal("queued", r.State));
        Assert.Equal([r1.Id, r2.Id, r3.Id], (await world.ListAsync("state=queued")).Select(r => r.Id));

        await world.SetStatusAsync(agent, world.Online);

        Assert.Equal(agent.User.Id, (await world.GetAsync(r1.Id)).Request.AgentId);
        Assert.Equal(agent.User.Id, (await world.GetAsync(r2.Id)).Request.AgentId);
        Assert.Equal("queued", (await world.GetAsync(r3.Id)).Request.State); // full at 2
        await world.CloseAsync(r1.Id, agent.Http);
        var third = await world.GetAsync(r3.Id);
        Assert.Equal(agent.User.Id, third.Request.AgentId);
        Assert.Equal("assign", Assert.Single(third.History).Event);
    }

    [Fact]
    public async Task Raising_an_agents_capacity_takes_from_the_queue_at_once()
    {
        var world = await app.ScenarioAsync(agents: 1, capacity: 1);
        var agentId = world.Agents[0].User.Id;
        var first = await world.CreateAsync();
        var second = await world.CreateAsync();
        Assert.Equal(("assigned", "queued"), (first.State, second.State));

        await world.PutSettingsAsync(world.SettingsBody(capacity: 1, capacities: [new { agentId, capacity = 2 }]));

        Assert.Equal(agentId, (await world.GetAsync(second.Id)).Request.AgentId);
    }

    [Fact]
    public async Task Leaving_an_accepting_status_returns_unanswered_requests_which_go_to_another_agent()
    {
        var world = await app.ScenarioAsync(agents: 2, capacity: 5);
        var (leaver, stayer) = (world.Agents[0], world.Agents[1]);
        await world.SetStatusAsync(stayer, world.OnHold);
        var answered = await world.CreateAsync();
        var unanswered = await world.CreateAsync();
        Assert.All([answered, unanswered], r => Assert.Equal(leaver.User.Id, r.AgentId));
        await StatusApi.OkOf<Rolodesk.Server.Features.Distribution.RequestResponse>(await leaver.Http.PostAsync($"/api/v1/requests/{answered.Id}/answer", null));

        await world.SetStatusAsync(leaver, world.OnHold);

        Assert.Equal(leaver.User.Id, (await world.GetAsync(answered.Id)).Request.AgentId);
        var back = await world.GetAsync(unanswered.Id);
        Assert.Equal("queued", back.Request.State);
        Assert.Equal(["assign", "return"], back.History.Select(h => h.Event));
        Assert.Contains("On hold", back.History[1].Reason, StringComparison.OrdinalIgnoreCase);

        await world.SetStatusAsync(stayer, world.Online);
        Assert.Equal(stayer.User.Id, (await world.GetAsync(unanswered.Id)).Request.AgentId);
    }

    [Fact]
    public async Task Without_the_return_setting_requests_stay_with_an_agent_who_leaves()
    {
        var world = await app.ScenarioAsync(agents: 1, returnOnLeave: false);
        var request = await world.CreateAsync();
        await world.SetStatusAsync(world.Agents[0], world.OnHold);
        Assert.Equal("assigned", (await world.GetAsync(request.Id)).Request.State);
    }

    [Fact]
    public async Task Reassigning_by_hand_needs_an_available_agent_below_capacity_and_is_recorded()
    {
        var world = await app.ScenarioAsync(agents: 2, capacity: 1);
        var (a, b) = (world.Agents[0], world.Agents[1]);
        var request = await world.CreateAsync();
        Assert.Equal(a.User.Id, request.AgentId);
        var other = await world.CreateAsync();
        Assert.Equal(b.User.Id, other.AgentId);

        var full = await world.Admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/reassign", new { agentId = b.User.Id });
        Assert.Equal(["agentId"], await ProblemAssert.IsValidationProblemAsync(full));
        await world.CloseAsync(other.Id);
        await world.SetStatusAsync(b, world.OnHold);
        var away = await world.Admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/reassign", new { agentId = b.User.Id });
        Assert.Equal(["agentId"], await ProblemAssert.IsValidationProblemAsync(away));
        await world.SetStatusAsync(b, world.Online);

        var moved = await StatusApi.OkOf<Rolodesk.Server.Features.Distribution.RequestResponse>(
            await world.Admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/reassign", new { agentId = b.User.Id, reason = "knows the client" }));
        Assert.Equal(b.User.Id, moved.AgentId);
        var last = (await world.GetAsync(request.Id)).History[^1];
        Assert.Equal(("reassign", "knows the client", b.User.Id), (last.Event, last.Reason, last.AgentId));
        Assert.NotNull(last.ActorUserId);
    }

    [Fact]
    public async Task Turned_off_distribution_leaves_requests_queued()
    {
        var world = await app.ScenarioAsync(agents: 1);
        await world.PutSettingsAsync(new { enabled = false, method = "roundRobin", defaultCapacity = 5, agentGroupIds = new[] { world.GroupId }, returnUnansweredOnLeave = true });
        Assert.Equal("queued", (await world.CreateAsync()).State);
    }
}
