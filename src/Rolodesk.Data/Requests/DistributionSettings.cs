namespace Rolodesk.Data.Requests;

public enum DistributionMethod
{
    /// <summary>The available agent whose last assignment is the oldest (never assigned first).</summary>
    RoundRobin = 0,

    /// <summary>The available agent with the fewest open requests; ties go to the longest since the last assignment.</summary>
    LeastLoaded = 1,
}

/// <summary>How requests are distributed. One row, id 1, inserted by the migration (by SQL: EF seed data with a list would look changed on every model build).</summary>
public sealed class DistributionSettings
{
    public int Id { get; set; } = 1;
    public bool Enabled { get; set; } = true;
    public DistributionMethod Method { get; set; }

    /// <summary>Open requests an agent may hold at most, unless their own capacity says otherwise.</summary>
    public int DefaultCapacity { get; set; } = 5;

    /// <summary>User groups (of kind agents) whose members take part; empty = every agent.</summary>
    public List<int> AgentGroupIds { get; set; } = [];

    /// <summary>Whether an agent's unanswered requests go back to the queue when the agent leaves a status that accepts requests.</summary>
    public bool ReturnUnansweredOnLeave { get; set; } = true;
}

/// <summary>Per-agent distribution state: a capacity override and the order of last assignments.</summary>
public sealed class AgentDistribution
{
    public int AgentId { get; set; }

    /// <summary>Overrides the default capacity; null = the default.</summary>
    public int? Capacity { get; set; }

    public DateTimeOffset? LastAssignedAt { get; set; }

    /// <summary>
    /// Grows with every assignment (across all agents): orders "longest since the last assignment"
    /// strictly, also for several assignments in one millisecond. 0 = never assigned.
    /// </summary>
    public long LastAssignedSeq { get; set; }
}
