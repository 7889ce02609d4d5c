using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Reports;

/// <summary>
/// Reads the query of <c>/reports/agent-statuses</c>: <c>from</c>/<c>to</c> are dates
/// (<c>YYYY-MM-DD</c>, cut at midnight in <c>tz</c>, <c>to</c> inclusive) or instants (ISO 8601;
/// without an offset they are local times of <c>tz</c>); <c>tz</c> an IANA zone (default UTC);
/// <c>agents</c> and <c>groups</c> ids separated by commas. Every problem is reported by its field.
/// </summary>
public static class ReportRequest
{
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(3 * 366);

    public static async Task<(AgentStatusReportFilter? Filter, ValidationErrors Errors)> ParseAsync(
        RolodeskDbContext db, string? from, string? to, string? agents, string? groups, string? tz, bool timeline, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        TimeZoneInfo? zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(tz) && !TimeZoneInfo.TryFindSystemTimeZoneById(tz.Trim(), out zone))
            errors.Add("tz", $"Unknown time zone '{tz}': use an IANA name such as Europe/Paris.");
        zone ??= TimeZoneInfo.Utc;
        var start = Instant(from, "from", zone, endOfDay: false, errors);
        var end = Instant(to, "to", zone, endOfDay: true, errors);
        if (start is { } s && end is { } e)
        {
            if (e <= s) errors.Add("to", "Must be after from.");
            else if (e - s > MaxPeriod) errors.Add("to", "The period may be at most three years.");
        }
        var agentIds = Ids(agents, "agents", errors);
        var groupIds = Ids(groups, "groups", errors);
        if (agentIds is { Count: > 0 })
        {
            var known = await db.Users.Where(u => agentIds.Contains(u.Id) && u.Groups.Any(g => g.Kind == UserGroupKind.Agents)).Select(u => u.Id).ToListAsync(ct);
            if (agentIds.Except(known).ToList() is { Count: > 0 } unknown) errors.Add("agents", $"Not agents: {string.Join(", ", unknown)}.");
        }
        if (groupIds is { Count: > 0 })
        {
            var known = await db.UserGroups.Where(g => groupIds.Contains(g.Id) && g.Kind == UserGroupKind.Agents).Select(g => g.Id).ToListAsync(ct);
            if (groupIds.Except(known).ToList() is { Count: > 0 } unknown) errors.Add("groups", $"Not groups of agents: {string.Join(", ", unknown)}.");
        }
        if (errors.Any) return (null, errors);
        return (new AgentStatusReportFilter(start!.Value, end!.Value, zone.Id, agentIds, groupIds, timeline), errors);
    }

    private static DateTimeOffset? Instant(string? value, string field, TimeZoneInfo zone, bool endOfDay, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "Required: a date (YYYY-MM-DD) or an instant (ISO 8601).");
            return null;
        }
        value = value.Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return ReportDays.StartOf(endOfDay ? date.AddDays(1) : date, zone);
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
            return time.Kind == DateTimeKind.Unspecified ? ReportDays.AtLocal(time, zone) : new DateTimeOffset(time.ToUniversalTime());
        errors.Add(field, $"'{value}' is neither a date (YYYY-MM-DD) nor an instant (ISO 8601).");
        return null;
    }

    private static List<int>? Ids(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var ids = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) ids.Add(id);
            else
            {
                errors.Add(field, $"'{part}' is not an id: give ids separated by commas.");
                return null;
            }
        }
        return [.. ids.Distinct()];
    }
}
