using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rolodesk.BrowserTests;

/// <summary>Statuses in the browser: the User statuses tab, both Agents pages, and a change reaching another user's open page live.</summary>
public sealed class StatusJourneyTests(AppFixture app)
{
    private static string Tag() => Guid.NewGuid().ToString("N")[..6];

    /// <summary>A new agent who can sign in; the name sorts first on the Agents pages.</summary>
    private async Task<(int Id, string Name, string Email, string Password)> NewAgentAsync()
    {
        var api = await JourneyApi.SignInAsync(app);
        var tag = Tag();
        var (name, email, password) = ($"Aaa Agent {tag}", $"agent.{tag}@example.com", "agent-pass-" + tag);
        var id = await api.CreateUserAsync(name, email, password, await api.GroupIdAsync("Agents"));
        return (id, name, email, password);
    }

    private static async Task WaitInteractiveAsync(IPage page, string testId) =>
        await Expect(page.Locator($"[data-testid={testId}][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

    /// <summary>
    /// Opens the card's "Status history" tab. The card is prerendered: a click before the circuit
    /// is connected does nothing, so click again until the tab's content shows.
    /// </summary>
    private static async Task OpenHistoryAsync(IPage page)
    {
        var history = page.GetByTestId("status-history");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await page.GetByTestId("status-history-tab").ClickAsync();
            try
            {
                await history.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 1500 });
                break;
            }
            catch (Exception e) when (e is System.TimeoutException or PlaywrightException) { /* not interactive yet */ }
        }
        await WaitInteractiveAsync(page, "status-history");
    }

    [Fact]
    public async Task An_administrator_adds_a_status_with_a_colour_in_the_User_statuses_tab()
    {
        var name = $"Lunch {Tag()}";
        var admin = await app.NewPageAsync();
        await FieldSteps.SignInAsync(admin, AppFixture.AdminEmail, AppFixture.AdminPassword);
        await admin.GotoAsync("/contact-fields");
        await WaitInteractiveAsync(admin, "field-groups-users");
        await admin.GetByTestId("user-statuses-tab").ClickAsync();
        await WaitInteractiveAsync(admin, "statuses-tab");
        await Expect(admin.GetByTestId("statuses-list")).ToContainTextAsync("On hold");

        await admin.GetByTestId("add-status").ClickAsync();
        await admin.GetByTestId("status-name").FillAsync(name);
        var colour = admin.Locator("[data-testid=status-color] input");
        await colour.FillAsync("#8E24AA");
        await colour.PressAsync("Tab");
        await admin.Locator(".mud-dialog-title").ClickAsync(new() { Force = true });
        await admin.GetByTestId("save").ClickAsync();
        await Expect(admin.Locator(".mud-dialog")).ToHaveCountAsync(0);

        var row = admin.Locator($"tr[data-status-name='{name}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("[data-status-color]")).ToHaveAttributeAsync("data-status-color", "#8E24AA");
        await app.ScreenshotAsync(admin, "20-user-statuses");
    }

    [Fact]
    public async Task A_supervisor_on_Omni_Agents_changes_a_status_and_the_agents_open_history_shows_it()
    {
        var agent = await NewAgentAsync();
        var own = await app.NewPageAsync();
        await FieldSteps.SignInAsync(own, agent.Email, agent.Password);
        await own.GotoAsync($"/contacts/users/{agent.Id}");
        await Expect(own.GetByTestId("card-title")).ToHaveTextAsync(agent.Name);
        await OpenHistoryAsync(own);
        // Signing in set Online.
        await Expect(own.GetByTestId("history-row").First).ToContainTextAsync("sign-in");

        var supervisor = await app.NewPageAsync();
        await FieldSteps.SignInAsync(supervisor, AppFixture.AdminEmail, AppFixture.AdminPassword);
        await supervisor.GotoAsync("/omni/agents");
        await WaitInteractiveAsync(supervisor, "agents-board");
        await Expect(supervisor.GetByTestId($"agent-status-{agent.Id}")).ToContainTextAsync("Online");
        await supervisor.GetByTestId($"change-{agent.Id}").ClickAsync();
        await supervisor.GetByTestId("new-status").ClickAsync();
        await supervisor.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex(@"^\s*On hold\s*$") }).ClickAsync();
        await supervisor.GetByTestId("status-reason").FillAsync("Coaching session");
        await supervisor.GetByTestId("save").ClickAsync();
        await Expect(supervisor.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Expect(supervisor.GetByTestId($"agent-status-{agent.Id}")).ToContainTextAsync("On hold");
        await app.ScreenshotAsync(supervisor, "21-omni-agents");

        // No reload on the agent's side: the change arrives through the status events.
        var newest = own.GetByTestId("history-row").First;
        await Expect(newest).ToContainTextAsync("Coaching session");
        await Expect(newest).ToContainTextAsync("omni");
        await Expect(newest).ToContainTextAsync("On hold");
        await app.ScreenshotAsync(own, "22-status-history");
    }

    [Fact]
    public async Task Analytics_Agents_lists_agents_with_statuses_and_is_hidden_from_agents_without_the_right()
    {
        var agent = await NewAgentAsync();
        var admin = await app.NewPageAsync();
        await FieldSteps.SignInAsync(admin, AppFixture.AdminEmail, AppFixture.AdminPassword);
        // The link is offered; open its address directly (a click during the page's start-up can be lost).
        await Expect(admin.GetByRole(AriaRole.Navigation).GetByText("Analytics · Agents")).ToBeVisibleAsync();
        await admin.GotoAsync("/analytics/agents");
        await WaitInteractiveAsync(admin, "agents-board");
        var row = admin.GetByTestId($"agent-{agent.Id}");
        await Expect(row).ToContainTextAsync(agent.Name);
        // Never signed in: Offline since creation, with the time in it ticking.
        await Expect(admin.GetByTestId($"agent-status-{agent.Id}")).ToContainTextAsync("Offline");
        var since = admin.GetByTestId($"agent-since-{agent.Id}");
        await Expect(since).ToContainTextAsync(new Regex(@"\d+ (s|min)"));
        await Expect(since).Not.ToHaveTextAsync(await since.InnerTextAsync());
        await app.ScreenshotAsync(admin, "23-analytics-agents");

        var own = await app.NewPageAsync();
        await FieldSteps.SignInAsync(own, agent.Email, agent.Password);
        await Expect(own.GetByRole(AriaRole.Navigation)).Not.ToContainTextAsync("Analytics");
        await own.GotoAsync("/analytics/agents");
        await Expect(own.GetByTestId("forbidden")).ToBeVisibleAsync();
    }
}
