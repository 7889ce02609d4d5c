using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Reports;
using Rolodesk.Tests.Infrastructure;
using static Rolodesk.Tests.Http.ReportAssert;

namespace Rolodesk.Tests.Http;

[Collection(ReportsCollection.Name)]
public sealed class AgentStatusReportTests(ReportsApp app)
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private async Task<(int Online, int OnHold, int Offline)> SystemAsync(HttpClient admin) =>
        (await StatusApi.IdAsync(admin, SystemStatuses.Online), await StatusApi.IdAsync(admin, SystemStatuses.OnHold), await StatusApi.IdAsync(admin, SystemStatuses.Offline));

    [Fact]
    public async Task The_report_needs_reports_view_and_a_signed_in_caller()
    {
        var agent = await app.Api.AgentAsync(); // the default Agents group has no reports.view
        var forbidden = await agent.Http.GetAsync("/api/v1/reports/agent-statuses?from=2026-01-01&to=2026-01-31");
        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);
        using var anonymous = app.Api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/reports/agent-statuses?from=2026-01-01&to=2026-01-31")).StatusCode);

        var group = await app.Api.CreateGroupAsync("agents", "reports.view");
        var reporter = await app.Api.SignedInMemberOfAsync(group.Name);
        Assert.Equal(HttpStatusCode.OK, (await reporter.Http.GetAsync("/api/v1/reports/agent-statuses?from=2026-01-01&to=2026-01-31")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_each_field()
    {
        using var admin = await app.Api.AdminAsync();
        var keys = await ProblemAssert.IsValidationProblemAsync(await admin.GetAsync("/api/v1/reports/agent-statuses?from=yesterday&tz=Mars/Olympus&agents=1,x&groups=-2"));
        Assert.Equal(["agents", "from", "groups", "to", "tz"], keys.Order());
        keys = await ProblemAssert.IsValidationProblemAsync(await admin.GetAsync("/api/v1/reports/agent-statuses?from=2026-02-01&to=2026-01-31"));
        Assert.Equal(["to"], keys);

        var client = await app.Api.CreateUserAsync();
        var clients = await app.Api.GroupIdAsync("Clients");
        var problem = await ProblemAssert.IsProblemAsync(
            await admin.GetAsync($"/api/v1/reports/agent-statuses?from=2026-01-01&to=2026-01-31&agents={client.Id}&groups={clients}"), HttpStatusCode.BadRequest);
        Assert.Contains(client.Id.ToString(), problem.GetProperty("errors").GetProperty("agents")[0].GetString());
        Assert.Contains(clients.ToString(), problem.GetProperty("errors").GetProperty("groups")[0].GetString());
    }

    [Fact]
    public async Task Intervals_crossing_the_edges_are_clipped_and_the_open_one_counts_up_to_now()
    {
        using var admin = await app.Api.AdminAsync();
        var (online, onHold, offline) = await SystemAsync(admin);
        var agent = await app.AgentAsync();
        var now = app.Clock.GetUtcNow();
        var created = now - 5 * Day;
        await app.WriteHistoryAsync(agent.Id, created, [(offline, created), (online, created + Day), (onHold, created + 3 * Day)]);

        var inside = Row(await ReportsApp.ReportAsync(admin, $"from={ReportsApp.Iso(created + 2 * Day)}&to={ReportsApp.Iso(created + 4 * Day)}&agents={agent.Id}"), agent.Id);
        Assert.Equal(Day.TotalMilliseconds, Ms(inside, online));
        Assert.Equal(Day.TotalMilliseconds, Ms(inside, onHold));
        Assert.Equal(0, Ms(inside, offline));
        Assert.Equal(1, inside.Changes);
        Assert.Equal(0.5, inside.Statuses.Single(s => s.StatusId == onHold).Share, 6);

        // Up to a day after now: the open On hold counts until now only, and nothing after now is covered.
        var open = await ReportsApp.ReportAsync(admin, $"from={ReportsApp.Iso(created + 2 * Day)}&to={ReportsApp.Iso(now + Day)}&agents={agent.Id}");
        var row = Row(open, agent.Id);
        Assert.Equal((now - (created + 3 * Day)).TotalMilliseconds, Ms(row, onHold));
        Assert.Equal((now - (created + 2 * Day)).TotalMilliseconds, row.CoveredMs);
        Assert.Equal(now, row.CoveredTo);
        Assert.Equal([online, onHold], row.Timeline!.Select(b => b.StatusId));
        Assert.Equal(created + 2 * Day, row.Timeline![0].Start);
        Assert.Equal(now, row.Timeline![^1].End);

        // Time passes: the open interval grows with it.
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        var later = Row(await ReportsApp.ReportAsync(admin, $"from={ReportsApp.Iso(created + 2 * Day)}&to={ReportsApp.Iso(now + Day)}&agents={agent.Id}"), agent.Id);
        Assert.Equal(Ms(row, onHold) + TimeSpan.FromMinutes(30).TotalMilliseconds, Ms(later, onHold));

        // The same figures when whole days come from the rollup.
        await app.RollUpAsync();
        var rolled = Row(await ReportsApp.ReportAsync(admin, $"from={ReportsApp.Iso(created + 2 * Day)}&to={ReportsApp.Iso(now + Day)}&agents={agent.Id}"), agent.Id);
        Assert.Equal(later.Statuses, rolled.Statuses);
        Assert.Equal(later.Changes, rolled.Changes);
    }

    [Fact]
    public async Task Days_are_cut_at_midnight_in_the_chosen_time_zone()
    {
        using var admin = await app.Api.AdminAsync();
        var (online, _, offline) = await SystemAsync(admin);
        var agent = await app.AgentAsync();
        var day = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-10);
        var noon = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        await app.WriteHistoryAsync(agent.Id, noon - 3 * Day, [(offline, noon - 3 * Day), (online, noon), (offline, noon + 2 * Day)]);
        var date = day.ToString("yyyy-MM-dd");

        var utc = Row(await ReportsApp.ReportAsync(admin, $"from={date}&to={date}&agents={agent.Id}"), agent.Id);
        Assert.Equal(TimeSpan.FromHours(12).TotalMilliseconds, Ms(utc, offline));
        Assert.Equal(TimeSpan.FromHours(12).TotalMilliseconds, Ms(utc, online));

        // Tokyo (UTC+9): that day runs from 15:00 UTC the day before to 15:00 UTC: 21 h Offline, then 3 h Online.
        var tokyo = await ReportsApp.ReportAsync(admin, $"from={date}&to={date}&tz=Asia/Tokyo&agents={agent.Id}");
        Assert.Equal(noon - TimeSpan.FromHours(21), tokyo.From);
        Assert.Equal("Asia/Tokyo", tokyo.TimeZone);
        Assert.Equal(TimeSpan.FromHours(21).TotalMilliseconds, Ms(Row(tokyo, agent.Id), offline));
        Assert.Equal(TimeSpan.FromHours(3).TotalMilliseconds, Ms(Row(tokyo, agent.Id), online));

        // New York (UTC-5 in winter, -4 in summer): the day starts 4 or 5 hours after UTC midnight.
        var ny = await ReportsApp.ReportAsync(admin, $"from={date}&to={date}&tz=America/New_York&agents={agent.Id}");
        var offset = TimeZoneInfo.FindSystemTimeZoneById("America/New_York").GetUtcOffset(noon);
        Assert.Equal(noon - TimeSpan.FromHours(12) - offset, ny.From);
        Assert.Equal((TimeSpan.FromHours(12) + offset).TotalMilliseconds, Ms(Row(ny, agent.Id), offline));
    }

    [Fact]
    public async Task An_agent_counts_only_from_creation_and_one_who_never_changed_is_offline()
    {
        using var admin = await app.Api.AdminAsync();
        var (_, _, offline) = await SystemAsync(admin);
        var group = await app.Api.CreateGroupAsync("agents");
        var agent = await app.AgentAsync(groupId: group.Id);
        app.Clock.Advance(TimeSpan.FromMinutes(90));
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var report = await ReportsApp.ReportAsync(admin, $"from={today.AddDays(-3):yyyy-MM-dd}&to={today:yyyy-MM-dd}&groups={group.Id}");
        var row = Row(report, agent.Id);
        Assert.Equal(agent.CreatedAt, row.CoveredFrom);
        Assert.Equal(TimeSpan.FromMinutes(90).TotalMilliseconds, row.CoveredMs);
        Assert.Equal(row.CoveredMs, Ms(row, offline));
        Assert.Equal(0, row.Changes);
        Assert.Single(report.Agents); // only the group's member

        // A period that ended before the agent existed leaves them out.
        var before = await ReportsApp.ReportAsync(admin, $"from={today.AddDays(-9):yyyy-MM-dd}&to={today.AddDays(-8):yyyy-MM-dd}&groups={group.Id}");
        Assert.Empty(before.Agents);
        Assert.Equal(0, before.Totals.CoveredMs);
    }

    [Fact]
    public async Task Real_changes_show_up_with_their_count_and_a_deleted_status_keeps_name_and_colour()
    {
        using var admin = await app.Api.AdminAsync();
        var (online, _, offline) = await SystemAsync(admin);
        var lunch = await StatusApi.CreateAsync(admin, Unique.Name("Lunch"), "#AB47BC");
        var agent = await app.AgentAsync();
        var start = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await StatusApi.OkAsync(await StatusApi.SetAgentAsync(admin, agent.Id, online));
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        await StatusApi.OkAsync(await StatusApi.SetAgentAsync(admin, agent.Id, lunch.Id));
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/statuses/{lunch.Id}?moveTo={online}")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(15));

        var report = await ReportsApp.ReportAsync(admin, $"from={ReportsApp.Iso(start)}&to={ReportsApp.Iso(start + Day)}&agents={agent.Id}");
        var row = Row(report, agent.Id);
        Assert.Equal(TimeSpan.FromMinutes(5).TotalMilliseconds, Ms(row, offline));
        Assert.Equal(TimeSpan.FromMinutes(35).TotalMilliseconds, Ms(row, online));
        Assert.Equal(TimeSpan.FromMinutes(10).TotalMilliseconds, Ms(row, lunch.Id));
        Assert.Equal(3, row.Changes);
        Assert.Equal(new ReportStatus(lunch.Id, lunch.Name, "#AB47BC", true), report.Statuses.Single(s => s.Id == lunch.Id));
        Assert.Equal([offline, online, lunch.Id, online], row.Timeline!.Select(b => b.StatusId));
        Assert.Equal(report.Totals.Statuses, row.Statuses);
    }

    [Fact]
    public async Task Too_many_changes_for_a_bar_each_give_a_bar_per_day_in_the_status_most_of_it_was_spent_in()
    {
        using var admin = await app.Api.AdminAsync();
        var (online, onHold, offline) = await SystemAsync(admin);
        var agent = await app.AgentAsync();
        var d0 = new DateTimeOffset(app.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero) - 3 * Day;
        TimeSpan H(double h) => TimeSpan.FromHours(h);
        // Day 0: Offline 11 h, Online 12 h, On hold 1 h. Day 1: On hold 17 h. Day 2: On hold 22 h. 11 changes (ReportsApp: day bars from 8).
        await app.WriteHistoryAsync(agent.Id, d0 - H(1), [
            (offline, d0 - H(1)), (online, d0 + H(1)), (onHold, d0 + H(10)), (online, d0 + H(11)), (offline, d0 + H(14)),
            (onHold, d0 + Day + H(2)), (offline, d0 + Day + H(3)), (onHold, d0 + Day + H(4)),
            (online, d0 + 2 * Day + H(1)), (onHold, d0 + 2 * Day + H(2)), (online, d0 + 2 * Day + H(3)), (onHold, d0 + 2 * Day + H(4))]);

        foreach (var rolled in new[] { false, true })
        {
            if (rolled) await app.RollUpAsync();
            var days = await ReportsApp.ReportAsync(admin, $"from={ReportsApp.Iso(d0)}&to={ReportsApp.Iso(d0 + 3 * Day)}&agents={agent.Id}");
            Assert.True(days.TimelineByDay);
            Assert.False(days.TimelineOmitted);
            Assert.Equal([new TimelineBar(online, d0, d0 + Day), new TimelineBar(onHold, d0 + Day, d0 + 3 * Day)], Row(days, agent.Id).Timeline);
            Assert.Equal(11, Row(days, agent.Id).Changes);

            // A period starting inside day 0: of its last 18 hours, 10 were Offline.
            var edge = await ReportsApp.ReportAsync(admin, $"from={ReportsApp.Iso(d0 + H(6))}&to={ReportsApp.Iso(d0 + 3 * Day)}&agents={agent.Id}");
            Assert.Equal([new TimelineBar(offline, d0 + H(6), d0 + Day), new TimelineBar(onHold, d0 + Day, d0 + 3 * Day)], Row(edge, agent.Id).Timeline);

            // Day 2 alone has 4 changes: a bar per interval again.
            var one = await ReportsApp.ReportAsync(admin, $"from={ReportsApp.Iso(d0 + 2 * Day)}&to={ReportsApp.Iso(d0 + 3 * Day)}&agents={agent.Id}");
            Assert.False(one.TimelineByDay);
            Assert.Equal([onHold, online, onHold, online, onHold], Row(one, agent.Id).Timeline!.Select(b => b.StatusId));
        }
    }

    [Fact]
    public async Task Csv_export_has_a_row_per_agent_and_totals_with_formulas_neutralised()
    {
        using var admin = await app.Api.AdminAsync();
        var (online, _, offline) = await SystemAsync(admin);
        var tag = Unique.Tag();
        var agent = await app.AgentAsync("=HYPERLINK(\"x\") " + tag);
        var now = app.Clock.GetUtcNow();
        await app.WriteHistoryAsync(agent.Id, now - Day, [(offline, now - Day), (online, now - TimeSpan.FromHours(6))]);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/reports/agent-statuses?from={ReportsApp.Iso(now - Day)}&to={ReportsApp.Iso(now)}&agents={agent.Id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await admin.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Api.Describe(response));
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("agent_id,agent,from,to,covered_seconds,changes,Online seconds,Online share %", lines[0]);
        Assert.StartsWith($"{agent.Id},\"'=HYPERLINK(\"\"x\"\") {tag}\",", lines[1]);
        Assert.Contains(",86400,1,21600,25.00,", lines[1]);
        Assert.StartsWith(",Total,", lines[2]);
        Assert.Contains(",86400,1,21600,25.00,", lines[2]);

        // The page's button asks with ?format=csv (a link cannot set Accept).
        var byQuery = await admin.GetAsync($"/api/v1/reports/agent-statuses?format=csv&from={ReportsApp.Iso(now - Day)}&to={ReportsApp.Iso(now)}&agents={agent.Id}");
        Assert.Equal(string.Join('\n', lines), (await byQuery.Content.ReadAsStringAsync()).ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Equal("attachment", byQuery.Content.Headers.ContentDisposition?.DispositionType);
    }
}
