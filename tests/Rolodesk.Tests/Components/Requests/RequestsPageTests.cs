using Bunit;
using Rolodesk.Server.Components.Pages.Requests;
using Rolodesk.Tests.Components.Statuses;
using Rolodesk.Tests.Http;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Components.Requests;

/// <summary>
/// The Requests page against the distribution app (its settings are global, so these tests share
/// the distribution collection): the queue, the state and "mine" filters, closing, reassigning by
/// hand, who may do what, and changes made elsewhere appearing without reload.
/// </summary>
[Collection(DistributionCollection.Name)]
public sealed class RequestsPageTests(DistributionApp app) : StatusPageContext(app)
{
    private IRenderedComponent<RequestsPage> RenderPage()
    {
        var page = Render<RequestsPage>();
        page.WaitForElement("[data-testid=requests-page]");
        return page;
    }

    private static void Shows(IRenderedComponent<RequestsPage> page, long id, string state, string agent = "") =>
        page.WaitForAssertion(() =>
        {
            Assert.StartsWith(state, page.Find($"[data-testid=request-state-{id}]").TextContent.Trim());
            Assert.Equal(agent, page.Find($"[data-testid=request-agent-{id}]").TextContent.Trim());
        });

    [Fact]
    public async Task The_queue_lists_waiting_requests_and_the_state_filter_moves_between_queue_assigned_and_closed()
    {
        var world = await app.ScenarioAsync(agents: 1, capacity: 1);
        var agent = world.Agents[0];
        var assigned = await world.CreateAsync("Taken at once");
        var waiting = await world.CreateAsync("Waits for a free agent");
        await SignInAsAsync(await AdminIdAsync());
        var page = RenderPage();

        Shows(page, waiting.Id, "queued");
        Assert.Empty(page.FindAll($"[data-testid=request-{assigned.Id}]"));

        Choose(page, "state-filter", "Assigned");
        Shows(page, assigned.Id, "assigned", agent.User.Name!);
        Assert.Contains("unanswered", page.Find($"[data-testid=request-state-{assigned.Id}]").TextContent);
        Assert.Empty(page.FindAll($"[data-testid=request-{waiting.Id}]"));

        page.Find($"[data-testid=close-{assigned.Id}]").Click();
        // Closing frees the agent: the waiting request is assigned to them, the closed one leaves the list.
        Shows(page, waiting.Id, "assigned", agent.User.Name!);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=request-{assigned.Id}]")));

        Choose(page, "state-filter", "Closed");
        Shows(page, assigned.Id, "closed", agent.User.Name!);
    }

    [Fact]
    public async Task An_agent_sees_only_their_requests_with_mine_and_may_close_only_their_own()
    {
        var world = await app.ScenarioAsync(agents: 2);
        var (first, second) = (world.Agents[0], world.Agents[1]);
        var toFirst = await world.CreateAsync(); // round-robin: the first agent by id, then the second
        var toSecond = await world.CreateAsync();
        Assert.Equal((first.User.Id, second.User.Id), (toFirst.AgentId, toSecond.AgentId));
        await SignInAsAsync(first.User.Id);
        var page = RenderPage();
        Choose(page, "state-filter", "Assigned");
        Shows(page, toSecond.Id, "assigned", second.User.Name!);

        Assert.Single(page.FindAll($"[data-testid=close-{toFirst.Id}]"));
        Assert.Empty(page.FindAll($"[data-testid=close-{toSecond.Id}]"));
        Assert.Empty(page.FindAll("[data-testid^=reassign-]"));

        page.Find("[data-testid=mine-filter]").Change(true);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=request-{toSecond.Id}]")));
        Shows(page, toFirst.Id, "assigned", first.User.Name!);
    }

    [Fact]
    public async Task A_supervisor_reassigns_a_request_by_hand_with_a_reason_shown_in_its_history()
    {
        var world = await app.ScenarioAsync(agents: 2);
        var (first, second) = (world.Agents[0], world.Agents[1]);
        var request = await world.CreateAsync("Needs the other agent");
        Assert.Equal(first.User.Id, request.AgentId);
        await SignInAsAsync(await AdminIdAsync());
        var page = RenderPage();
        Choose(page, "state-filter", "Assigned");

        page.WaitForElement($"[data-testid=reassign-{request.Id}]").Click();
        Choose(page, "reassign-to", $"{second.User.Name} (Online)");
        page.Find("input[data-testid=reassign-reason]").Change("Speaks Dutch");
        page.Find("[data-testid=reassign-save]").Click();

        Shows(page, request.Id, "assigned", second.User.Name!);
        page.Find($"[data-testid=history-of-{request.Id}]").Click();
        page.WaitForAssertion(() => Assert.Contains("reassign", page.Find($"[data-testid=history-{request.Id}]").TextContent));
        Assert.Contains("Speaks Dutch", page.Find($"[data-testid=history-{request.Id}]").TextContent);
    }

    [Fact]
    public async Task Adding_a_request_shows_what_is_wrong_under_each_field_then_adds_it_to_the_queue()
    {
        var world = await app.ScenarioAsync(agents: 1);
        await world.SetStatusAsync(world.Agents[0], world.OnHold);
        await SignInAsAsync(await AdminIdAsync());
        var page = RenderPage();

        page.Find("[data-testid=new-request]").Click();

        page.WaitForAssertion(() => Assert.Equal("Required.", ErrorUnder(page, "new-subject")));
        Assert.Equal("Required.", ErrorUnder(page, "new-client"));
        Assert.Empty(page.FindAll("[data-testid=problem]"));

        var subject = Unique.Name("Typed in the page");
        page.Find("input[data-testid=new-subject]").Change(subject);
        page.Find("input[data-testid=new-client]").Change(world.ClientId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.Find("[data-testid=new-request]").Click();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=requests-list] tr"), r => r.TextContent.Contains(subject, StringComparison.Ordinal)));
        Assert.Null(ErrorUnder(page, "new-subject"));
    }

    private static string? ErrorUnder(IRenderedComponent<RequestsPage> page, string testId) =>
        page.Find($"input[data-testid={testId}]").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")?.TextContent.Trim();

    [Fact]
    public async Task A_request_created_and_assigned_elsewhere_appears_without_reload()
    {
        var world = await app.ScenarioAsync(agents: 1);
        var agent = world.Agents[0];
        await world.SetStatusAsync(agent, world.OnHold);
        await SignInAsAsync(await AdminIdAsync());
        var page = RenderPage();
        page.WaitForElement("[data-testid=no-requests]");

        var request = await world.CreateAsync("Arrived through the API");
        Shows(page, request.Id, "queued");

        await world.SetStatusAsync(agent, world.Online);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=request-{request.Id}]")), TimeSpan.FromSeconds(10));
        page.WaitForElement("[data-testid=no-requests]");
    }

    [Fact]
    public async Task A_user_who_is_neither_agent_nor_supervisor_is_told_requests_are_for_agents()
    {
        var client = await App.Api.CreateUserAsync();
        await SignInAsAsync(client.Id);

        var page = Render<RequestsPage>();

        page.WaitForElement("[data-testid=forbidden]");
        Assert.Empty(page.FindAll("[data-testid=requests-page]"));
    }
}
