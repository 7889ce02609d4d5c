using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Rolodesk.BrowserTests;

/// <summary>
/// Issue 5 point 5: an agent goes Online from the avatar menu and receives a request that was
/// waiting in the queue, live on their Requests page and on a supervisor's, without reload.
/// </summary>
public sealed class RequestsLiveTests(AppFixture app)
{
    [Fact]
    public async Task An_agent_goes_online_and_receives_a_waiting_request_live()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (email, password) = ($"rita.{tag}@example.com", "agent-pass-" + tag);
        var api = await JourneyApi.SignInAsync(app);
        // A desk of its own, the only group taking part, so other tests' agents never take the request.
        var desk = await api.CreateGroupAsync($"Live desk {tag}", "agents");
        var agentName = $"Rita Requests {tag}";
        await api.CreateUserAsync(agentName, email, password, desk);
        var client = await api.CreateUserAsync($"Carl Client {tag}", $"carl.{tag}@example.com", "client-pass-" + tag, await api.GroupIdAsync("Clients"));
        await api.PutAsync("/api/v1/distribution-settings", new
        {
            enabled = true,
            method = "roundRobin",
            defaultCapacity = 5,
            agentGroupIds = new[] { desk },
            returnUnansweredOnLeave = true,
            capacities = Array.Empty<object>(),
        });

        // The agent, in a browser of their own: signing in puts them Online, so first they step away.
        var agent = await app.NewPageAsync();
        await FieldSteps.SignInAsync(agent, email, password);
        await SetMyStatusAsync(agent, "On hold");

        var subject = $"Printer on fire {tag}";
        var request = await api.PostAsync("/api/v1/requests", new { subject, clientUserId = client, channel = "email" });
        var id = request.GetProperty("id").GetInt64();
        Assert.Equal("queued", request.GetProperty("state").GetString());

        await agent.GotoAsync("/requests?state=all");
        await Expect(agent.GetByTestId("requests-page")).ToHaveAttributeAsync("data-interactive", "true");
        await Expect(agent.GetByTestId($"request-state-{id}")).ToContainTextAsync("queued");

        // The supervisor's queue, in a second browser context.
        var supervisor = await app.NewPageAsync();
        await FieldSteps.SignInAsync(supervisor, AppFixture.AdminEmail, AppFixture.AdminPassword);
        await supervisor.GotoAsync("/requests");
        await Expect(supervisor.GetByTestId("requests-page")).ToHaveAttributeAsync("data-interactive", "true");
        await Expect(supervisor.GetByTestId($"request-state-{id}")).ToContainTextAsync("queued");
        await app.ScreenshotAsync(supervisor, "50-requests-queue");

        await SetMyStatusAsync(agent, "Online");

        await Expect(agent.GetByTestId($"request-state-{id}")).ToContainTextAsync("assigned");
        await Expect(agent.GetByTestId($"request-agent-{id}")).ToHaveTextAsync(agentName);
        await Expect(agent.GetByTestId($"close-{id}")).ToBeVisibleAsync(); // theirs to close
        await Expect(supervisor.GetByTestId($"request-{id}")).ToHaveCountAsync(0); // gone from the queue
        await Expect(supervisor.GetByTestId("no-requests")).ToBeVisibleAsync();
        await app.ScreenshotAsync(agent, "51-request-assigned-live");
        await agent.Context.DisposeAsync();
        await supervisor.Context.DisposeAsync();
    }

    private static async Task SetMyStatusAsync(IPage page, string status)
    {
        await AppFixture.OpenAccountMenuAsync(page);
        await page.GetByTestId("status-option").Filter(new() { HasText = status }).ClickAsync();
        await Expect(page.GetByTestId("my-status")).ToContainTextAsync(status);
    }
}
