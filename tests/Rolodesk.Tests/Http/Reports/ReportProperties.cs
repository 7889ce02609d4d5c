using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Reports;
using Rolodesk.Tests.Infrastructure;
using static Rolodesk.Tests.Http.ReportAssert;

namespace Rolodesk.Tests.Http;

/// <summary>A random history: how long before now the agent was created, then (minutes after the previous change, status index) steps.</summary>
public sealed record RandomHistory(int CreatedMinutesAgo, (int AfterMinutes, int Status)[] Steps)
{
    public override string ToString() => $"created {CreatedMinutesAgo} min ago; " + string.Join(", ", Steps.Select(s => $"+{s.AfterMinutes}→#{s.Status}"));
}

/// <summary>A period relative to now, in minutes (may start before creation and end after now).</summary>
public sealed record RandomPeriod(int FromMinutesAgo, int LengthMinutes, bool Dates, string Zone);

public static class ReportArbitraries
{
    private const int Week = 7 * 24 * 60;

    public static Arbitrary<RandomHistory> Histories()
    {
        var gap = Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 600)), (2, Gen.Choose(600, 3 * 24 * 60)));
        var step = gap.SelectMany(g => Gen.Choose(0, 4).Select(s => (g, s)));
        return Arb.From(Gen.Choose(0, 25).SelectMany(n => step.ArrayOf(n)).SelectMany(steps =>
            Gen.Choose(steps.Sum(s => s.g), steps.Sum(s => s.g) + Week).Select(created => new RandomHistory(created, steps))));
    }

    public static Arbitrary<RandomPeriod> Periods() => Arb.From(
        Gen.Choose(0, 3 * Week).SelectMany(from => Gen.Choose(1, 3 * Week).SelectMany(length => Gen.Elements(true, false)
            .SelectMany(dates => Gen.Elements("UTC", "Europe/Paris", "Asia/Kolkata", "America/Los_Angeles", "Pacific/Chatham")
                .Select(zone => new RandomPeriod(from, length, dates, zone))))));
}

/// <summary>
/// On random histories (including a deleted status, zero-length stays and an agent who never
/// changed) and random periods: every agent's durations add up to exactly the part of the period
/// the agent existed in, each equals a direct clip of the intervals, the totals row is the sum of
/// the rows, and the figures are the same once whole days come from the rollup.
/// </summary>
[Collection(ReportsCollection.Name)]
public sealed class ReportProperties(ReportsApp app)
{
    [Property(Arbitrary = [typeof(ReportArbitraries)], MaxTest = 30)]
    public async Task Durations_add_up_to_the_part_of_the_period_each_agent_existed_in(RandomHistory first, RandomHistory second, RandomPeriod period)
    {
        using var admin = await app.Api.AdminAsync();
        var statuses = await StatusesAsync(admin);
        var now = app.Clock.GetUtcNow();
        var agents = new List<(int Id, DateTimeOffset Created, List<(int StatusId, DateTimeOffset Start)> Segments)>();
        foreach (var h in new[] { first, second })
        {
            var agent = await app.AgentAsync();
            var created = now - TimeSpan.FromMinutes(h.CreatedMinutesAgo);
            List<(int, DateTimeOffset)> segments = [(statuses[2], created)];
            var t = created;
            foreach (var (after, status) in h.Steps)
            {
                t += TimeSpan.FromMinutes(after);
                if (statuses[status] != segments[^1].Item1) segments.Add((statuses[status], t));
            }
            // No steps: an agent who never changed has no intervals at all, only a creation time.
            await app.WriteHistoryAsync(agent.Id, created, h.Steps.Length > 0 ? segments : []);
            agents.Add((agent.Id, created, segments));
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(period.Zone);
        var from = now - TimeSpan.FromMinutes(period.FromMinutesAgo);
        var to = from + TimeSpan.FromMinutes(period.LengthMinutes);
        var query = $"from={ReportsApp.Iso(from)}&to={ReportsApp.Iso(to)}&tz={period.Zone}&agents={string.Join(',', agents.Select(a => a.Id))}";
        if (period.Dates)
        {
            var (f, l) = (DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime));
            (from, to) = (ReportDays.StartOf(f, zone), ReportDays.StartOf(l.AddDays(1), zone));
            query = $"from={f:yyyy-MM-dd}&to={l:yyyy-MM-dd}&tz={period.Zone}&agents={string.Join(',', agents.Select(a => a.Id))}";
        }
        var report = await ReportsApp.ReportAsync(admin, query);
        Check(report, agents, from, to, now);
        await app.RollUpAsync();
        var rolled = await ReportsApp.ReportAsync(admin, query);
        Check(rolled, agents, from, to, now);
    }

    private static void Check(AgentStatusReport report, List<(int Id, DateTimeOffset Created, List<(int StatusId, DateTimeOffset Start)> Segments)> agents,
        DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        Assert.Equal(from, report.From);
        foreach (var (id, created, segments) in agents)
        {
            var (start, end) = (Max(from, created), Min(to, now));
            if (start >= end)
            {
                Assert.DoesNotContain(report.Agents, a => a.AgentId == id);
                continue;
            }
            var row = Row(report, id);
            Assert.Equal((long)(end - start).TotalMilliseconds, row.CoveredMs);
            Assert.Equal(row.CoveredMs, row.Statuses.Sum(s => s.DurationMs));
            var expected = new Dictionary<int, long>();
            for (var k = 0; k < segments.Count; k++)
            {
                var (s, e) = (Max(segments[k].Start, start), Min(k + 1 < segments.Count ? segments[k + 1].Start : now, end));
                if (e > s) expected[segments[k].StatusId] = expected.GetValueOrDefault(segments[k].StatusId) + (long)(e - s).TotalMilliseconds;
            }
            Assert.Equal(expected.OrderBy(e => e.Key), row.Statuses.Where(s => s.DurationMs > 0).Select(s => KeyValuePair.Create(s.StatusId, s.DurationMs)).OrderBy(e => e.Key));
            Assert.Equal(segments.Skip(1).Count(s => s.Start >= start && s.Start < end), row.Changes);
            Assert.Equal(1.0, row.Statuses.Sum(s => s.Share), 9);
            if (row.Timeline is { } bars)
            {
                // Bars tile the covered part back to back, whether one per interval or one per UTC day.
                Assert.Equal(row.CoveredMs, bars.Sum(b => (long)(b.End - b.Start).TotalMilliseconds));
                Assert.Equal(row.CoveredFrom, bars[0].Start);
                Assert.Equal(row.CoveredTo, bars[^1].End);
                Assert.All(bars.Skip(1).Zip(bars), p => Assert.Equal(p.Second.End, p.First.Start));
                if (report.TimelineByDay) Assert.All(bars.Skip(1), b => Assert.Equal(TimeSpan.Zero, b.Start.UtcDateTime.TimeOfDay));
            }
        }
        Assert.Equal(report.Agents.Sum(a => a.CoveredMs), report.Totals.CoveredMs);
        Assert.Equal(report.Agents.Sum(a => a.Changes), report.Totals.Changes);
        var sums = report.Agents.SelectMany(a => a.Statuses).GroupBy(s => s.StatusId).ToDictionary(g => g.Key, g => g.Sum(s => s.DurationMs));
        Assert.Equal(sums.Where(s => s.Value > 0).OrderBy(s => s.Key), report.Totals.Statuses.Where(s => s.DurationMs > 0).Select(s => KeyValuePair.Create(s.StatusId, s.DurationMs)).OrderBy(s => s.Key));
    }

    /// <summary>Online, On hold, Offline, a live custom status and a deleted one (history keeps pointing at it).</summary>
    private static List<int>? _statuses;

    private static async Task<List<int>> StatusesAsync(HttpClient admin)
    {
        if (_statuses is not null) return _statuses;
        var online = await StatusApi.IdAsync(admin, SystemStatuses.Online);
        var custom = await StatusApi.CreateAsync(admin, Unique.Name("Break"), "#00897B");
        var gone = await StatusApi.CreateAsync(admin, Unique.Name("Gone"), "#6D4C41");
        Assert.True((await admin.DeleteAsync($"/api/v1/statuses/{gone.Id}?moveTo={online}")).IsSuccessStatusCode);
        return _statuses = [online, await StatusApi.IdAsync(admin, SystemStatuses.OnHold), await StatusApi.IdAsync(admin, SystemStatuses.Offline), custom.Id, gone.Id];
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
