using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Components.Pages.Statuses;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Components.Statuses;

/// <summary>The Agents pages of Omni and Analytics (one board, two rights and sources), and the card's Status history tab.</summary>
public sealed class AgentBoardTests(RolodeskApp app) : StatusPageContext(app)
{
    private IRenderedComponent<AgentBoard> RenderBoard(StatusSource source)
    {
        var board = Render<AgentBoard>(ps => ps.Add(p => p.Source, source));
        board.WaitForElement("[data-testid=agents-list]");
        return board;
    }

    private static string StatusOf(IRenderedComponent<AgentBoard> board, int agent) =>
        board.Find($"[data-testid=agent-status-{agent}]").TextContent.Trim();

    [Fact]
    public async Task A_supervisor_changes_an_agents_status_with_a_reason_recorded_as_omni()
    {
        var agent = await NewAgentAsync();
        var admin = await AdminIdAsync();
        await SignInAsAsync(admin);
        var board = RenderBoard(StatusSource.Omni);
        Assert.Equal("Offline", StatusOf(board, agent));

        board.Find($"[data-testid=change-{agent}]").Click();
        Choose(Dialogs, "new-status", "On hold");
        Dialogs.Find("textarea[data-testid=status-reason], input[data-testid=status-reason]").Change("Team meeting");
        Dialogs.Find("[data-testid=save]").Click();

        board.WaitForAssertion(() => Assert.Equal("On hold", StatusOf(board, agent)));
        var history = await InScopeAsync(sp => sp.GetRequiredService<RolodeskDbContext>()
            .GetHistoryAsync(sp.GetRequiredService<SystemStatusIds>(), agent, null, null, 1, 10, default));
        var last = history!.Items[0];
        Assert.Equal(("On hold", "omni", admin, "Team meeting"), (last.StatusName, last.Source!, last.ActorUserId!.Value, last.Reason!));
    }

    [Fact]
    public async Task A_change_made_elsewhere_appears_without_reload()
    {
        var agent = await NewAgentAsync();
        await SignInAsAsync(await AdminIdAsync());
        var board = RenderBoard(StatusSource.Analytics);
        Assert.Equal("Offline", StatusOf(board, agent));

        // As the agent's own avatar menu, the API or another instance's hub would: the page hears the event.
        await ChangeAsync(agent, await SystemStatusAsync(SystemStatuses.Online), StatusSource.Self);

        board.WaitForAssertion(() => Assert.Equal("Online", StatusOf(board, agent)));
        Assert.Equal("#2E7D32", board.Find($"[data-testid=agent-status-{agent}]").GetAttribute("data-status-color"));
    }

    [Fact]
    public async Task Without_the_right_the_page_is_forbidden_and_a_change_is_refused()
    {
        var agent = await NewAgentAsync();
        // Agents have omni.view but not omni.agents.status.
        var caller = await App.Api.AgentAsync();
        var access = await SignInAsAsync(caller.User.Id);
        var board = Render<AgentBoard>(ps => ps.Add(p => p.Source, StatusSource.Omni));
        board.WaitForElement("[data-testid=forbidden]");
        Assert.Empty(board.FindAll("[data-testid=agents-list]"));

        var refused = await InScopeAsync(sp => sp.GetRequiredService<StatusChanger>()
            .ChangeAgentAsync(access, agent, 1, null, StatusSource.Omni, default));
        Assert.Equal(403, refused.Problem?.StatusCode);
    }

    [Fact]
    public async Task The_status_history_tab_appends_a_change_as_it_happens()
    {
        var agent = await NewAgentAsync();
        await SignInAsAsync(await AdminIdAsync());
        var tab = Render<StatusHistoryTab>(ps => ps.Add(p => p.UserId, agent));
        tab.WaitForAssertion(() => Assert.Single(tab.FindAll("[data-testid=history-row]")));

        await ChangeAsync(agent, await SystemStatusAsync(SystemStatuses.OnHold), StatusSource.Analytics);

        tab.WaitForAssertion(() => Assert.Equal(2, tab.FindAll("[data-testid=history-row]").Count));
        var newest = tab.FindAll("[data-testid=history-row]")[0].TextContent;
        Assert.Contains("Offline", newest, StringComparison.Ordinal);
        Assert.Contains("On hold", newest, StringComparison.Ordinal);
        Assert.Contains("analytics", newest, StringComparison.Ordinal);
    }
}
