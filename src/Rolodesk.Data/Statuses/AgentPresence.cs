namespace Rolodesk.Data.Statuses;

/// <summary>
/// An agent's current status: one row per agent, written by every change together with the
/// history. An agent without a row has been Offline since their creation.
/// </summary>
public sealed class AgentPresence
{
    public int UserId { get; set; }
    public int StatusId { get; set; }
    public DateTimeOffset Since { get; set; }

    /// <summary>The id of the open history interval, so a change closes it without looking it up.</summary>
    public Guid OpenIntervalId { get; set; }

    /// <summary>
    /// The status the agent had before the inactivity rule changed it; set only while the
    /// current status is the rule's doing (any other change clears it), so activity knows what to restore.
    /// </summary>
    public int? StatusBeforeInactivityId { get; set; }

    /// <summary>Last authenticated request or UI heartbeat (recorded at most every 30 s per user).</summary>
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>
    /// Optimistic concurrency token: every status change is an UPDATE ... WHERE Version = seen,
    /// so of two simultaneous changes (also from two app instances) one retries on the new state.
    /// Activity writes do not touch it, so they never make a status change retry.
    /// </summary>
    public long Version { get; set; }
}
