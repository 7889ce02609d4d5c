using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rolodesk.BrowserTests;

/// <summary>Issue 4 points 3 and 6: an agent's status in the avatar menu, changed there and live from elsewhere.</summary>
public sealed class AvatarStatusTests(AppFixture app)
{
    [Fact]
    public async Task An_agent_changes_their_status_in_the_avatar_menu_and_both_tabs_show_a_supervisors_change_without_reload()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (email, password) = ($"ada.{tag}@example.com", "agent-pass-" + tag);
        var api = await JourneyApi.SignInAsync(app);
        var agentId = await api.CreateUserAsync($"Ada Agent {tag}", email, password, await api.GroupIdAsync("Agents"));

        var tab = await app.NewPageAsync();
        await FieldSteps.SignInAsync(tab, email, password); // signing in puts an agent Online
        var otherTab = await tab.Context.NewPageAsync();
        await otherTab.GotoAsync("/");
        await Expect(tab.GetByTestId("my-status")).ToContainTextAsync("Online");
        await Expect(otherTab.GetByTestId("my-status")).ToContainTextAsync("Online");

        await AppFixture.OpenAccountMenuAsync(tab);
        var options = tab.GetByTestId("status-option");
        // Other tests of the run may have added statuses: the three defaults are there in any case.
        foreach (var name in new[] { "Online", "On hold", "Offline" })
            await Expect(options.Filter(new() { HasText = name })).ToHaveCountAsync(1);
        var offlineId = await options.Filter(new() { HasText = "Offline" }).GetAttributeAsync("data-status-id");
        await app.ScreenshotAsync(tab, "30-avatar-status-menu");
        await options.Filter(new() { HasText = "On hold" }).ClickAsync();
        await Expect(tab.GetByTestId("my-status")).ToContainTextAsync("On hold");
        await Expect(otherTab.GetByTestId("my-status")).ToContainTextAsync("On hold");

        // A supervisor elsewhere, through the API, in a browser context of their own.
        var supervisor = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var signIn = await supervisor.APIRequest.PostAsync("/api/v1/auth/token",
            new() { DataObject = new { email = AppFixture.AdminEmail, password = AppFixture.AdminPassword } });
        var token = JsonDocument.Parse(await signIn.TextAsync()).RootElement.GetProperty("token").GetString();
        var change = await supervisor.APIRequest.PutAsync($"/api/v1/agents/{agentId}/status", new()
        {
            DataObject = new { statusId = int.Parse(offlineId!), source = "analytics", reason = "Shift over" },
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        });
        Assert.Equal(200, change.Status);

        await Expect(tab.GetByTestId("my-status")).ToContainTextAsync("Offline");
        await Expect(otherTab.GetByTestId("my-status")).ToContainTextAsync("Offline");
        await Expect(tab.GetByTestId("my-status")).ToHaveAttributeAsync("data-status-id", offlineId!);
        await app.ScreenshotAsync(tab, "31-avatar-status-changed-by-supervisor");
        await supervisor.DisposeAsync();
    }
}
