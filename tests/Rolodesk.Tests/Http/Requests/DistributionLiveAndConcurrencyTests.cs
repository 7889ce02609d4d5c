using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data.Requests;
using Rolodesk.Server.Features.Distribution;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>The push to the agent, and many arrivals at once.</summary>
[Collection(DistributionCollection.Name)]
public sealed class DistributionLiveAndConcurrencyTests(DistributionApp app)
{
    [Fact]
    public async Task An_agent_going_online_is_pushed_the_waiting_request()
    {
        var world = await app.ScenarioAsync(agents: 1);
        var agent = world.Agents[0];
        await world.SetStatusAsync(agent, world.OnHold);
        var waiting = await world.CreateAsync("Printer on fire");
        var pushed = Channel.CreateUnbounded<RequestAssignedMessage>();
        // LiveClient returns once the hub has joined the agent's groups (a push sent before that would be lost).
        await using var live = await LiveClient.ConnectAsync(app, agent.Http.DefaultRequestHeaders.Authorization!.Parameter);
        live.Connection.On<RequestAssignedMessage>("RequestAssigned", m => pushed.Writer.TryWrite(m));

        await world.SetStatusAsync(agent, world.Online);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var message = await pushed.Reader.ReadAsync(timeout.Token);
        Assert.Equal((waiting.Id, "Printer on fire", "assign"), (message.RequestId, message.Subject, message.Event));
    }

    [Fact]
    public async Task Parallel_arrivals_fill_every_agent_exactly_to_capacity_and_assign_each_request_once()
    {
        var world = await app.ScenarioAsync(agents: 4, capacity: 5);
        var created = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => world.CreateAsync($"Parallel {i}")));

        Assert.Equal(20, created.Count(r => r.State == "assigned"));
        var ids = created.Select(r => r.Id).ToList();
        var (perAgent, assignsPerRequest) = await app.InScopeAsync(async db =>
        {
            var held = await db.Requests.Where(r => ids.Contains(r.Id) && r.State == RequestState.Assigned)
                .GroupBy(r => r.AgentId).Select(g => g.Count()).ToListAsync();
            var assigns = await db.RequestAssignments.Where(a => ids.Contains(a.RequestId) && a.Event == AssignmentEventKind.Assign)
                .GroupBy(a => a.RequestId).Select(g => g.Count()).ToListAsync();
            return (held, assigns);
        });
        Assert.Equal([5, 5, 5, 5], perAgent);
        Assert.Equal(20, assignsPerRequest.Count);
        Assert.All(assignsPerRequest, n => Assert.Equal(1, n));
        Assert.Equal(20, (await world.ListAsync("state=queued")).Count(r => ids.Contains(r.Id)));
    }

    [Fact]
    public async Task Two_instances_on_one_database_never_assign_over_capacity_nor_twice()
    {
        var world = await app.ScenarioAsync(agents: 3, capacity: 4);
        await using var second = new SecondDistributionHost(app.ConnectionString);
        using var adminOnSecond = second.CreateClient();
        adminOnSecond.DefaultRequestHeaders.Authorization = world.Admin.DefaultRequestHeaders.Authorization;

        var created = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => world.CreateAsync($"Two hosts {i}", i % 2 == 0 ? world.Admin : adminOnSecond)));

        Assert.Equal(12, created.Count(r => r.State == "assigned"));
        var ids = created.Select(r => r.Id).ToList();
        var (perAgent, assigns) = await app.InScopeAsync(async db => (
            await db.Requests.Where(r => ids.Contains(r.Id) && r.State == RequestState.Assigned).GroupBy(r => r.AgentId).Select(g => g.Count()).ToListAsync(),
            await db.RequestAssignments.CountAsync(a => ids.Contains(a.RequestId) && a.Event == AssignmentEventKind.Assign)));
        Assert.Equal([4, 4, 4], perAgent);
        Assert.Equal(12, assigns);
    }
}
