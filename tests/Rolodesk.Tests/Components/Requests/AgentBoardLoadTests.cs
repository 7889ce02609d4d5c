using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Components.Pages.Statuses;
using Rolodesk.Tests.Components.Statuses;
using Rolodesk.Tests.Http;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Components.Requests;

/// <summary>The Load column (open requests / capacity) of Omni → Agents and Analytics → Agents follows requests without reload.</summary>
[Collection(DistributionCollection.Name)]
public sealed class AgentBoardLoadTests(DistributionApp app) : StatusPageContext(app)
{
    [Fact]
    public async Task The_load_column_follows_requests_assigned_and_closed_elsewhere()
    {
        var world = await app.ScenarioAsync(agents: 1, capacity: 3);
        var agent = world.Agents[0].User.Id;
        // First on the board's first page, whatever other tests of the collection added.
        await InScopeAsync(sp => sp.GetRequiredService<RolodeskDbContext>().Users.Where(u => u.Id == agent)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Name, "Aaa " + Unique.Tag())));
        await SignInAsAsync(await AdminIdAsync());
        var board = Render<AgentBoard>(ps => ps.Add(p => p.Source, StatusSource.Omni));
        string Load() => board.Find($"[data-testid=agent-load-{agent}]").TextContent.Trim();
        board.WaitForAssertion(() => Assert.Equal("0 / 3", Load()));

        var first = await world.CreateAsync();
        await world.CreateAsync();
        board.WaitForAssertion(() => Assert.Equal("2 / 3", Load()));

        await world.CloseAsync(first.Id);
        board.WaitForAssertion(() => Assert.Equal("1 / 3", Load()));

        await world.PutSettingsAsync(world.SettingsBody(capacity: 4));
        board.WaitForAssertion(() => Assert.Equal("1 / 4", Load()));
    }
}
