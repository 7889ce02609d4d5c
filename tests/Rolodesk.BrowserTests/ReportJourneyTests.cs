using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rolodesk.BrowserTests;

/// <summary>Issue 5 point 5: an agent changes status, and Reporting → Agent statuses shows the agent's time per status and timeline.</summary>
public sealed class ReportJourneyTests(AppFixture app)
{
    [Fact]
    public async Task An_agents_status_changes_show_up_in_the_agent_statuses_report()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (name, email, password) = ($"Aaa Reported {tag}", $"reported.{tag}@example.com", "agent-pass-" + tag);
        var api = await JourneyApi.SignInAsync(app);
        var agentId = await api.CreateUserAsync(name, email, password, await api.GroupIdAsync("Agents"));

        var agent = await app.NewPageAsync();
        await FieldSteps.SignInAsync(agent, email, password); // signing in puts the agent Online
        await Expect(agent.GetByTestId("my-status")).ToContainTextAsync("Online");
        await AppFixture.OpenAccountMenuAsync(agent);
        var options = agent.GetByTestId("status-option");
        var (online, onHold) = (await options.Filter(new() { HasText = "Online" }).GetAttributeAsync("data-status-id"),
            await options.Filter(new() { HasText = "On hold" }).GetAttributeAsync("data-status-id"));
        await options.Filter(new() { HasText = "On hold" }).ClickAsync();
        await Expect(agent.GetByTestId("my-status")).ToContainTextAsync("On hold");

        var admin = await app.NewPageAsync();
        await FieldSteps.SignInAsync(admin, AppFixture.AdminEmail, AppFixture.AdminPassword);
        await Expect(admin.Locator("a[href='/reports/agent-statuses']").First).ToBeVisibleAsync();
        // The page is prerendered with the report of the last 7 days; a loaded machine needs more than the default 15 s.
        await admin.GotoAsync("/reports/agent-statuses", new() { Timeout = 60_000 });
        await Expect(admin.Locator("[data-testid=agent-status-report][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var row = admin.GetByTestId($"report-row-{agentId}");
        await Expect(row).ToContainTextAsync(name);
        // Time in Online (from sign-in to the change) and in On hold (up to now), each with its share of the agent's time.
        await Expect(admin.GetByTestId($"report-cell-{agentId}-{online}")).ToContainTextAsync("%");
        await Expect(admin.GetByTestId($"report-cell-{agentId}-{onHold}")).ToContainTextAsync("%");
        await Expect(admin.GetByTestId($"report-changes-{agentId}")).ToHaveTextAsync("2"); // sign-in → Online, then On hold
        var bars = admin.Locator($"[data-testid=timeline-row-{agentId}] rect");
        await Expect(bars).ToHaveCountAsync(3); // Offline since creation, Online, On hold
        await Expect(bars.Last).ToHaveAttributeAsync("data-status-id", onHold!);
        await Expect(admin.GetByTestId("report-export")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("format=csv"));
        await app.ScreenshotAsync(admin, "50-agent-statuses-report");
    }
}
