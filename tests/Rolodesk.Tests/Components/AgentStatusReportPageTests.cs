using Bunit;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Components.Pages.Reports;
using Rolodesk.Tests.Components.Statuses;
using Rolodesk.Tests.Http;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Components;

/// <summary>The Reporting → Agent statuses page: table with shares and totals, timeline bars in status colours, agent filter and the CSV link.</summary>
public sealed class AgentStatusReportPageTests(RolodeskApp app) : StatusPageContext(app)
{
    [Fact]
    public async Task The_page_shows_time_per_status_a_timeline_and_exports_what_is_filtered()
    {
        var agent = await NewAgentAsync();
        var (online, offline) = (await SystemStatusAsync(SystemStatuses.Online), await SystemStatusAsync(SystemStatuses.Offline));
        var now = DateTimeOffset.UtcNow;
        await ReportHistory.WriteAsync(App.Services, agent, now.AddDays(-2), [(offline, now.AddDays(-2)), (online, now.AddDays(-1))]);
        await SignInAsAsync(await AdminIdAsync());

        var page = Render<AgentStatuses>();
        page.WaitForElement($"[data-testid=report-row-{agent}]", TimeSpan.FromSeconds(30));
        // About a day in each (the open Online keeps growing), each about half of the two days the agent existed.
        Assert.Matches(@"^1 d 0 h \((49|50|51)[.,]\d\s?%\)$", page.Find($"[data-testid=report-cell-{agent}-{offline}]").TextContent.Trim());
        Assert.StartsWith("1 d 0 h", page.Find($"[data-testid=report-cell-{agent}-{online}]").TextContent.Trim());
        Assert.Equal("1", page.Find($"[data-testid=report-changes-{agent}]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=report-total]"));

        var bars = page.FindAll($"[data-testid=timeline-row-{agent}] rect");
        Assert.Equal([offline.ToString(), online.ToString()], bars.Select(b => b.GetAttribute("data-status-id")));
        Assert.Equal(["#9E9E9E", "#2E7D32"], bars.Select(b => b.GetAttribute("fill")!.ToUpperInvariant()));

        var name = page.Find($"[data-testid=report-row-{agent}] a").TextContent.Trim();
        Choose(page, "report-agents", name);
        page.Find("[data-testid=report-show]").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid^=report-row-]")));
        Assert.Contains($"agents={agent}", page.Find("[data-testid=report-export]").GetAttribute("href"));
        Assert.Contains("format=csv", page.Find("[data-testid=report-export]").GetAttribute("href"));
    }
}
