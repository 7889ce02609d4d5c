using Rolodesk.Data.Requests;

namespace Rolodesk.Server.Features.Distribution;

/// <summary>
/// One agent as distribution sees them at the moment of a decision. <see cref="Accepting"/> is
/// whether the agent's current status accepts requests (and the agent takes part at all).
/// </summary>
public struct AgentLoad(int agentId, bool accepting, int capacity, int open, long lastAssignedSeq)
{
    public int AgentId = agentId;
    public bool Accepting = accepting;
    public int Capacity = capacity;
    public int Open = open;

    /// <summary>Order of the agent's last assignment (0 = never): smaller = longer ago.</summary>
    public long LastAssignedSeq = lastAssignedSeq;

    public readonly bool CanTake => Accepting && Open < Capacity;
}

/// <summary>One decision: queue entry <see cref="RequestId"/> goes to <see cref="AgentId"/>.</summary>
public readonly record struct Decision(long RequestId, int AgentId, long Seq);

/// <summary>
/// The decisions of distribution, in memory and without I/O, so they can be property-tested and
/// benchmarked apart from the database. Eligible = status accepts requests and below capacity.
/// Round-robin takes the eligible agent whose last assignment is the oldest (never-assigned
/// first), which over N assignments to equally available agents gives counts that differ by at
/// most one; least-loaded takes the fewest open requests, ties by the oldest last assignment.
/// Remaining ties go to the lower agent id, so a decision is deterministic.
/// </summary>
public static class AssignmentEngine
{
    /// <summary>The index of the agent the next request goes to, or -1 when nobody can take one.</summary>
    public static int Pick(DistributionMethod method, ReadOnlySpan<AgentLoad> agents)
    {
        var best = -1;
        for (var i = 0; i < agents.Length; i++)
        {
            ref readonly var a = ref agents[i];
            if (!a.CanTake) continue;
            if (best < 0 || Better(method, in a, in agents[best])) best = i;
        }
        return best;
    }

    private static bool Better(DistributionMethod method, in AgentLoad a, in AgentLoad b)
    {
        if (method == DistributionMethod.LeastLoaded && a.Open != b.Open) return a.Open < b.Open;
        if (a.LastAssignedSeq != b.LastAssignedSeq) return a.LastAssignedSeq < b.LastAssignedSeq;
        return a.AgentId < b.AgentId;
    }

    /// <summary>
    /// Assigns the queue in order (first in, first out) until it is empty or nobody can take
    /// more; updates <paramref name="agents"/> (open counts, last assignment) as it goes.
    /// <paramref name="nextSeq"/> is the order number the first assignment gets.
    /// </summary>
    public static List<Decision> Plan(DistributionMethod method, Span<AgentLoad> agents, IEnumerable<long> queue, long nextSeq)
    {
        var decisions = new List<Decision>();
        foreach (var requestId in queue)
        {
            var i = Pick(method, agents);
            if (i < 0) break;
            ref var agent = ref agents[i];
            agent.Open++;
            agent.LastAssignedSeq = nextSeq;
            decisions.Add(new(requestId, agent.AgentId, nextSeq++));
        }
        return decisions;
    }
}
