using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rolodesk.Data.Requests;
using Rolodesk.Server.Features.Distribution;

namespace Rolodesk.Tests.Unit;

public enum DistOp { Arrive, Close, Answer, Leave, Come, Capacity }

public sealed record DistStep(DistOp Op, int Agent, int Pick, int Value)
{
    public override string ToString() => $"{Op} a{Agent} #{Pick} {Value}";
}

public static class DistStepArbitraries
{
    public static Arbitrary<DistStep[]> Steps()
    {
        var op = Gen.Frequency((6, Gen.Constant(DistOp.Arrive)), (3, Gen.Constant(DistOp.Close)), (2, Gen.Constant(DistOp.Answer)),
            (2, Gen.Constant(DistOp.Leave)), (2, Gen.Constant(DistOp.Come)), (1, Gen.Constant(DistOp.Capacity)));
        var step = op.SelectMany(o => Gen.Choose(0, 4).SelectMany(a => Gen.Choose(0, 50).SelectMany(p => Gen.Choose(0, 4).Select(v => new DistStep(o, a, p, v)))));
        return Arb.From(Gen.Choose(1, 80).SelectMany(n => step.ArrayOf(n)));
    }
}

/// <summary>
/// Random arrivals, closings, answers, status changes and capacity changes, each followed by a run
/// as <see cref="AssignmentRun"/> makes it (returns of unanswered requests of agents who left, then
/// the queue in order through <see cref="AssignmentEngine.Plan"/>): nobody is ever assigned over
/// capacity or while unavailable, and nothing stays queued while somebody could take it.
/// </summary>
public sealed class AssignmentEngineProperties
{
    private sealed class Req
    {
        public long Id;
        public int? Agent;
        public bool Closed;
        public bool Answered;
    }

    [Property(Arbitrary = [typeof(DistStepArbitraries)], MaxTest = 300)]
    public void Random_histories_never_assign_over_capacity_or_to_the_unavailable_nor_leave_work_waiting(DistStep[] steps, bool leastLoaded)
    {
        var method = leastLoaded ? DistributionMethod.LeastLoaded : DistributionMethod.RoundRobin;
        const int agents = 5;
        var accepting = new bool[agents];
        var capacity = Enumerable.Repeat(2, agents).ToArray();
        var lastSeq = new long[agents];
        var requests = new List<Req>();
        long nextSeq = 1;
        foreach (var s in steps)
        {
            var open = requests.Where(r => !r.Closed && r.Agent is not null).ToList();
            switch (s.Op)
            {
                case DistOp.Arrive: requests.Add(new Req { Id = requests.Count + 1 }); break;
                case DistOp.Close when open.Count > 0: open[s.Pick % open.Count].Closed = true; break;
                case DistOp.Answer when open.Count > 0: open[s.Pick % open.Count].Answered = true; break;
                case DistOp.Leave: accepting[s.Agent] = false; break;
                case DistOp.Come: accepting[s.Agent] = true; break;
                case DistOp.Capacity: capacity[s.Agent] = s.Value; break;
            }

            // Returns: unanswered requests of agents whose status no longer accepts requests.
            foreach (var r in requests.Where(r => !r.Closed && r.Agent is { } a && !accepting[a] && !r.Answered)) r.Agent = null;

            int Open(int a) => requests.Count(r => !r.Closed && r.Agent == a);
            var loads = Enumerable.Range(0, agents).Select(a => new AgentLoad(a, accepting[a], capacity[a], Open(a), lastSeq[a])).ToArray();
            var queue = requests.Where(r => !r.Closed && r.Agent is null).Select(r => r.Id).ToList();
            var decisions = AssignmentEngine.Plan(method, loads, queue, nextSeq);

            Assert.Equal(queue.Take(decisions.Count), decisions.Select(d => d.RequestId)); // first in, first out
            foreach (var d in decisions)
            {
                Assert.True(accepting[d.AgentId], $"assigned to unavailable agent {d.AgentId}");
                Assert.True(Open(d.AgentId) < capacity[d.AgentId], $"agent {d.AgentId} over capacity");
                requests[(int)d.RequestId - 1].Agent = d.AgentId;
                requests[(int)d.RequestId - 1].Answered = false;
                lastSeq[d.AgentId] = d.Seq;
                nextSeq = d.Seq + 1;
            }
            var stillQueued = requests.Any(r => !r.Closed && r.Agent is null);
            var someoneFree = Enumerable.Range(0, agents).Any(a => accepting[a] && Open(a) < capacity[a]);
            Assert.False(stillQueued && someoneFree, "a request waits while an agent could take it");
            Assert.All(loads, l => Assert.Equal(Open(l.AgentId), l.Open)); // the engine's bookkeeping matches
        }
    }

    [Property(MaxTest = 200)]
    public void Round_robin_over_equally_available_agents_gives_counts_differing_by_at_most_one(PositiveInt agentCount, PositiveInt arrivals)
    {
        var n = agentCount.Get % 50 + 1;
        var loads = Enumerable.Range(0, n).Select(a => new AgentLoad(a, true, int.MaxValue, 0, 0)).ToArray();
        var decisions = AssignmentEngine.Plan(DistributionMethod.RoundRobin, loads, Enumerable.Range(1, arrivals.Get % 500 + 1).Select(i => (long)i), 1);
        var counts = Enumerable.Range(0, n).Select(a => decisions.Count(d => d.AgentId == a)).ToList();
        Assert.True(counts.Max() - counts.Min() <= 1);
    }

    [Property(MaxTest = 200)]
    public void Least_loaded_picks_the_lowest_open_count_and_then_the_longest_since_last_assignment(byte[] opens)
    {
        if (opens.Length == 0) return;
        var loads = opens.Select((o, i) => new AgentLoad(i, o % 3 != 0, 100, o % 7, (o * 31 + i) % 11)).ToArray();
        var pick = AssignmentEngine.Pick(DistributionMethod.LeastLoaded, loads);
        var eligible = loads.Where(l => l.CanTake).ToList();
        if (eligible.Count == 0) { Assert.Equal(-1, pick); return; }
        var best = eligible.OrderBy(l => l.Open).ThenBy(l => l.LastAssignedSeq).ThenBy(l => l.AgentId).First();
        Assert.Equal(best.AgentId, loads[pick].AgentId);
    }
}
