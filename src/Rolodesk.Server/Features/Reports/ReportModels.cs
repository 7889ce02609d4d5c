namespace Rolodesk.Server.Features.Reports;

/// <summary>What the "Agent statuses" report is asked for: an instant range, the zone its days were cut in, and optional agent/group filters (both must match).</summary>
public sealed record AgentStatusReportFilter(
    DateTimeOffset From, DateTimeOffset To, string TimeZone, IReadOnlyList<int>? Agents = null, IReadOnlyList<int>? Groups = null, bool Timeline = true);

/// <summary>A status as the report shows it: deleted ones keep the name and colour the agents had.</summary>
public sealed record ReportStatus(int Id, string Name, string Color, bool Deleted);

/// <summary>Time in one status: milliseconds, share of the part of the period covered, changes into it.</summary>
public sealed record StatusTime(int StatusId, long DurationMs, double Share, int Changes);

/// <summary>A bar of the timeline: one interval clipped to the period (an open one ends now).</summary>
public sealed record TimelineBar(int StatusId, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// One agent: the part of the period they existed in (<c>CoveredFrom</c>–<c>CoveredTo</c>, never past now),
/// the time per status (adding up to <c>CoveredMs</c>), the number of changes and, when asked and small enough, the timeline.
/// </summary>
public sealed record AgentStatusRow(
    int AgentId, string Name, DateTimeOffset CoveredFrom, DateTimeOffset CoveredTo, long CoveredMs, int Changes,
    IReadOnlyList<StatusTime> Statuses, IReadOnlyList<TimelineBar>? Timeline);

/// <summary>The sums over the agents; shares are of the summed covered time.</summary>
public sealed record ReportTotals(int Agents, long CoveredMs, int Changes, IReadOnlyList<StatusTime> Statuses);

/// <summary>
/// The report. <c>To</c> is the period's end as asked; time after <c>GeneratedAt</c> is not covered.
/// <c>TimelineOmitted</c>: the period holds more bars than a timeline may draw (narrow the period or the agents).
/// <c>TimelineByDay</c>: too many intervals to draw each, so each bar is a UTC day (merged with equal neighbours)
/// in the status the agent spent most of that day in.
/// </summary>
public sealed record AgentStatusReport(
    DateTimeOffset From, DateTimeOffset To, string TimeZone, DateTimeOffset GeneratedAt,
    IReadOnlyList<ReportStatus> Statuses, IReadOnlyList<AgentStatusRow> Agents, ReportTotals Totals, bool TimelineOmitted, bool TimelineByDay = false);
