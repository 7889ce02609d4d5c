using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Server.Components.Pages.Requests;
using Rolodesk.Server.Features.Distribution;
using Rolodesk.Tests.Components.Statuses;
using Rolodesk.Tests.Http;

namespace Rolodesk.Tests.Components.Requests;

/// <summary>The Distribution settings page: what it loads, errors under their field, and a save that distribution acts on.</summary>
[Collection(DistributionCollection.Name)]
public sealed class DistributionSettingsPageTests(DistributionApp app) : StatusPageContext(app)
{
    private IRenderedComponent<DistributionSettingsPage> RenderPage()
    {
        var page = Render<DistributionSettingsPage>();
        page.WaitForElement("[data-testid=distribution-settings]");
        return page;
    }

    private Task<DistributionSettingsResponse> SavedAsync() => InScopeAsync(sp => sp.GetRequiredService<DistributionSettingsWriter>().GetAsync(CancellationToken.None));

    [Fact]
    public async Task The_page_shows_the_current_settings()
    {
        var world = await app.ScenarioAsync(agents: 1, method: "leastLoaded", capacity: 7);
        await SignInAsAsync(await AdminIdAsync());

        var page = RenderPage();

        Assert.Equal("7", page.Find("input[data-testid=capacity]").GetAttribute("value"));
        Assert.True(page.Find("input[data-testid=enabled]").HasAttribute("checked"));
        Assert.Contains("Least loaded", page.Find("[data-testid=distribution-settings]").TextContent);
        Assert.NotNull(page.Find($"input[data-testid=capacity-{world.Agents[0].User.Id}]"));
    }

    [Fact]
    public async Task An_empty_capacity_is_shown_under_the_field_and_nothing_is_saved()
    {
        await app.ScenarioAsync(agents: 1, capacity: 4);
        await SignInAsAsync(await AdminIdAsync());
        var page = RenderPage();

        page.Find("input[data-testid=capacity]").Change("");
        page.Find("[data-testid=save]").Click();

        page.WaitForAssertion(() => Assert.Equal("Required.",
            page.Find("input[data-testid=capacity]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=problem]"));
        Assert.Equal(4, (await SavedAsync()).DefaultCapacity);
    }

    [Fact]
    public async Task Raising_an_agents_capacity_is_saved_and_takes_a_waiting_request_from_the_queue()
    {
        var world = await app.ScenarioAsync(agents: 1, capacity: 1);
        var agent = world.Agents[0];
        await world.CreateAsync("Fills the agent");
        var waiting = await world.CreateAsync("Waits");
        Assert.Equal("queued", waiting.State);
        await SignInAsAsync(await AdminIdAsync());
        var page = RenderPage();

        page.Find($"input[data-testid=capacity-{agent.User.Id}]").Change("2");
        page.Find("[data-testid=save]").Click();

        // The save commits, then runs distribution: wait for its outcome, not for the commit alone.
        await WaitUntilAsync(async () => (await world.GetAsync(waiting.Id)).Request is { State: "assigned" } r && r.AgentId == agent.User.Id);
        var saved = await SavedAsync();
        Assert.Contains(new AgentCapacity(agent.User.Id, 2), saved.Capacities);
        Assert.Equal((1, true), (saved.DefaultCapacity, saved.Enabled));
        Assert.Equal([world.GroupId], saved.AgentGroupIds);
    }

    [Fact]
    public async Task Turning_distribution_off_leaves_new_requests_in_the_queue()
    {
        var world = await app.ScenarioAsync(agents: 1);
        await SignInAsAsync(await AdminIdAsync());
        var page = RenderPage();

        page.Find("input[data-testid=enabled]").Change(false);
        page.Find("[data-testid=save]").Click();

        await WaitUntilAsync(async () => !(await SavedAsync()).Enabled);
        Assert.Equal("queued", (await world.CreateAsync("Nobody distributes me")).State);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the page did not save in time");
            await Task.Delay(50);
        }
    }
}
