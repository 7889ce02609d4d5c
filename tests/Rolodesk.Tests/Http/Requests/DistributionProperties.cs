using FsCheck.Xunit;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data.Requests;
using Rolodesk.Tests.Unit;

namespace Rolodesk.Tests.Http;

/// <summary>
/// The same random histories as <see cref="AssignmentEngineProperties"/> (fewer and shorter:
/// each step is an HTTP call) against the real app and database: after each step and the run it
/// causes, nobody holds more than their capacity, no unanswered request sits with an agent whose
/// status does not accept requests, and nothing is queued while an agent could take it.
/// </summary>
[Collection(DistributionCollection.Name)]
public sealed class DistributionProperties(DistributionApp app)
{
    [Property(Arbitrary = [typeof(DistStepArbitraries)], MaxTest = 4, EndSize = 10)]
    public async Task Random_arrivals_closings_and_status_changes_keep_distribution_sound(DistStep[] steps)
    {
        var world = await app.ScenarioAsync(agents: 3, method: steps.Length % 2 == 0 ? "roundRobin" : "leastLoaded", capacity: 2);
        var accepting = world.Agents.ToDictionary(a => a.User.Id, _ => true);
        var mine = new List<long>();
        foreach (var s in steps.Take(15))
        {
            var agent = world.Agents[s.Agent % world.Agents.Count];
            switch (s.Op)
            {
                case DistOp.Arrive: mine.Add((await world.CreateAsync()).Id); break;
                case DistOp.Close or DistOp.Answer:
                    var open = (await world.ListAsync("state=assigned")).Where(r => mine.Contains(r.Id)).ToList();
                    if (open.Count > 0) await world.CloseAsync(open[s.Pick % open.Count].Id);
                    break;
                case DistOp.Leave or DistOp.Come or DistOp.Capacity:
                    var goOnline = s.Op == DistOp.Come || (s.Op == DistOp.Capacity && !accepting[agent.User.Id]);
                    await world.SetStatusAsync(agent, goOnline ? world.Online : world.OnHold);
                    accepting[agent.User.Id] = goOnline;
                    break;
            }
            var held = await app.InScopeAsync(db => db.Requests.Where(r => mine.Contains(r.Id) && r.State == RequestState.Assigned)
                .GroupBy(r => r.AgentId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
            var queued = await app.InScopeAsync(db => db.Requests.CountAsync(r => mine.Contains(r.Id) && r.State == RequestState.Queued));
            Assert.All(held, h => Assert.True(h.Value <= 2, $"agent {h.Key} holds {h.Value} > 2 after {s}"));
            Assert.All(held, h => Assert.True(accepting[h.Key], $"agent {h.Key} is away but holds unanswered requests after {s}"));
            var someoneFree = accepting.Any(a => a.Value && held.GetValueOrDefault(a.Key) < 2);
            Assert.False(queued > 0 && someoneFree, $"{queued} queued while an agent is free after {s}");
        }
    }
}
