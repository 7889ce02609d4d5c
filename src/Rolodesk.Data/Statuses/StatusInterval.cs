namespace Rolodesk.Data.Statuses;

/// <summary>Where a status change came from (shown in the history, counted by the report).</summary>
public enum StatusSource
{
    Self = 0,
    Analytics = 1,
    Omni = 2,
    Inactivity = 3,
    SignIn = 4,
    SignOut = 5,
    Api = 6,
}

/// <summary>
/// One stretch of time an agent spent in one status. Per agent the intervals are back to back:
/// each starts where the previous ended, and exactly one (the current) has no end.
/// </summary>
public sealed class StatusInterval
{
    /// <summary>Version 7 (time-ordered), made by the app so a change needs no round trip for a key.</summary>
    public Guid Id { get; set; }

    public int AgentId { get; set; }

    /// <summary>
    /// The agent's presence version when the interval opened (0 for the Offline since creation):
    /// orders an agent's intervals totally even when several start in the same millisecond.
    /// </summary>
    public long Sequence { get; set; }

    /// <summary>A row of Statuses, which are never deleted (only marked): the history keeps their names and colours.</summary>
    public int StatusId { get; set; }
    public DateTimeOffset Started { get; set; }
    public DateTimeOffset? Ended { get; set; }

    /// <summary>The change that started the interval; null for the Offline an agent had from creation until their first change.</summary>
    public StatusSource? Source { get; set; }

    public int? ActorUserId { get; set; }
    public string? Reason { get; set; }
    public int? PreviousStatusId { get; set; }
}

/// <summary>The inactivity rule: off (both null) or "after N minutes without activity, change to S". One row, id 1.</summary>
public sealed class StatusSettings
{
    public int Id { get; set; } = 1;
    public int? InactivityMinutes { get; set; }
    public int? InactivityStatusId { get; set; }
}
