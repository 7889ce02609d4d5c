using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Data.Requests;
using Rolodesk.Server.Features.Distribution;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// Several arrivals decided in one run (group commit): they queue behind the requests already
/// waiting, in the order they were created, and are spread as one at a time would be; an arrival
/// whose client does not exist is refused without failing the others.
/// </summary>
[Collection(DistributionCollection.Name)]
public sealed class BatchedArrivalsTests(DistributionApp app)
{
    [Theory]
    [InlineData("roundRobin")]
    [InlineData("leastLoaded")]
    public async Task Arrivals_of_one_run_queue_behind_waiting_requests_in_creation_order_and_are_spread_in_turn(string method)
    {
        var world = await app.ScenarioAsync(agents: 2, method: method, capacity: 2);
        var (a, b) = (world.Agents[0].User.Id, world.Agents[1].User.Id);
        foreach (var agent in world.Agents) await world.SetStatusAsync(agent, world.OnHold);
        var waiting1 = await world.CreateAsync("Waiting 1");
        var waiting2 = await world.CreateAsync("Waiting 2");
        Assert.Equal(["queued", "queued"], new[] { waiting1.State, waiting2.State });
        // Both agents accept requests again without an event (as a change on another instance not
        // relayed yet): the next run finds them, with the waiting requests and its own arrivals.
        await app.InScopeAsync(db => db.AgentPresence.Where(p => p.UserId == a || p.UserId == b)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.StatusId, world.Online)));

        var t = DateTimeOffset.UtcNow;
        RunResult result;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Submitted out of order; created 1, 2, 3 seconds from now; one for a client who does not exist.
            result = await scope.ServiceProvider.GetRequiredService<AssignmentRun>().ExecuteAsync(
            [
                new("Arrival 3", world.ClientId, "chat", t.AddSeconds(3)),
                new("Arrival 1", world.ClientId, "chat", t.AddSeconds(1)),
                new("Nobody's", int.MaxValue, "chat", t),
                new("Arrival 2", world.ClientId, "chat", t.AddSeconds(2)),
            ], checkReturns: false, TestContext.Current.CancellationToken);
        }

        var (third, first, ghost, second) = (result.Created[0]!, result.Created[1]!, result.Created[2], result.Created[3]!);
        Assert.Null(ghost);
        // Capacity 2 × 2: both waiting requests, then the two earliest arrivals; the latest waits.
        Assert.Equal([waiting1.Id, waiting2.Id, first.Id, second.Id], result.Moves.Select(m => m.RequestId));
        Assert.Equal([a, b, a, b], result.Moves.Select(m => m.AgentId));
        Assert.True(first.Id < second.Id && second.Id < third.Id, "ids follow creation order");
        Assert.Equal((RequestState.Queued, (int?)null), (third.State, third.AgentId));

        Assert.Equal(a, (await world.GetAsync(waiting1.Id)).Request.AgentId);
        var details = await world.GetAsync(second.Id);
        Assert.Equal(("assigned", b, "Arrival 2"), (details.Request.State, details.Request.AgentId, details.Request.Subject));
        Assert.Equal(["assign"], details.History.Select(h => h.Event));
        Assert.Equal([third.Id], (await world.ListAsync("state=queued")).Select(r => r.Id).Where(id => id >= waiting1.Id));
        var sequence = await app.InScopeAsync(db => db.AgentDistribution.Where(d => d.AgentId == a || d.AgentId == b)
            .OrderBy(d => d.AgentId).Select(d => d.LastAssignedSeq).ToListAsync());
        Assert.True(sequence[0] < sequence[1], "b was assigned last");
    }

    [Fact]
    public async Task A_request_for_a_client_who_does_not_exist_is_refused_naming_the_field_while_others_are_created()
    {
        var world = await app.ScenarioAsync(agents: 1, capacity: 10);
        var ghost = world.Admin.PostAsJsonAsync("/api/v1/requests", new { subject = "Who?", clientUserId = int.MaxValue, channel = "email" });
        var real = world.CreateAsync("Real");

        var problem = await ProblemAssert.IsValidationProblemAsync(await ghost);
        Assert.Equal(["clientUserId"], problem);
        Assert.Equal("assigned", (await real).State);
    }
}
