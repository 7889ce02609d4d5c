using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// Two instances on one database and one Redis (127.0.0.1:6379, as test.sh starts it), as behind a
/// load balancer: a change committed on one reaches hub clients and pages of both, once each.
/// Each test uses channels of its own prefix, so parallel runs on the same Redis stay apart.
/// </summary>
public sealed class TwoHostsLiveTests
{
    [Fact]
    public async Task A_change_through_one_instance_reaches_clients_and_pages_of_both_once()
    {
        var prefix = TwoHosts.NewPrefix();
        await using var a = new RedisHost(prefix);
        await a.InitializeAsync();
        await using var b = new OtherInstance(a.ConnectionString, prefix);
        var token = await a.AdminTokenAsync();
        using var admin = a.Api.WithToken(token);
        var agent = await a.Api.AgentAsync();
        var onB = Record(b.Services);
        var onA = Record(a.Services);
        await using var clientOfB = await LiveClient.ConnectAsync(b, token);
        await using var clientOfA = await LiveClient.ConnectAsync(a, token);
        var onHold = await StatusApi.IdAsync(admin, SystemStatuses.OnHold);
        await BackplaneReadyAsync(admin, agent.User.Id, clientOfB, clientOfA);

        await StatusApi.OkAsync(await StatusApi.SetAgentAsync(admin, agent.User.Id, onHold, reason: "via A"));

        Assert.Equal("via A", (await clientOfB.NextChangeOfAsync(agent.User.Id)).Reason);
        var settle = TimeSpan.FromMilliseconds(500);
        Assert.Empty(await clientOfB.ChangesOfAsync(agent.User.Id, settle));
        Assert.Single(await clientOfA.ChangesOfAsync(agent.User.Id, TimeSpan.Zero));
        Assert.Single(onB, c => c.AgentId == agent.User.Id && c.StatusId == onHold);
        Assert.Single(onA, c => c.AgentId == agent.User.Id && c.StatusId == onHold);
    }

    /// <summary>
    /// Redis pub/sub keeps nothing for a subscriber that is not listening yet, and B subscribes in the
    /// background after it starts: toggle the agent between Online and Offline through A until B's
    /// client hears one, then drain both clients so the test's own change is counted alone.
    /// </summary>
    private static async Task BackplaneReadyAsync(HttpClient admin, int agentId, LiveClient clientOfB, LiveClient clientOfA)
    {
        var online = await StatusApi.IdAsync(admin, SystemStatuses.Online);
        var offline = await StatusApi.IdAsync(admin, SystemStatuses.Offline);
        for (var attempt = 0; ; attempt++)
        {
            await StatusApi.OkAsync(await StatusApi.SetAgentAsync(admin, agentId, attempt % 2 == 0 ? online : offline));
            try
            {
                await clientOfB.NextChangeOfAsync(agentId, TimeSpan.FromSeconds(2));
                break;
            }
            catch (OperationCanceledException) when (attempt < 10) { }
        }
        await clientOfB.ChangesOfAsync(agentId, TimeSpan.FromMilliseconds(300));
        await clientOfA.ChangesOfAsync(agentId, TimeSpan.Zero);
    }

    [Fact]
    public async Task A_new_status_on_one_instance_refreshes_the_other()
    {
        var prefix = TwoHosts.NewPrefix();
        await using var a = new RedisHost(prefix);
        await a.InitializeAsync();
        await using var b = new OtherInstance(a.ConnectionString, prefix);
        var token = await a.AdminTokenAsync();
        using var admin = a.Api.WithToken(token);
        var catalogOnB = new TaskCompletionSource();
        b.Services.GetRequiredService<InProcessStatusEvents>().Catalog += () => catalogOnB.TrySetResult();
        await using var clientOfB = await LiveClient.ConnectAsync(b, token);

        await StatusApi.CreateAsync(admin);

        await clientOfB.CatalogChangeAsync();
        await catalogOnB.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>What Blazor pages of that instance are told.</summary>
    private static List<StatusChanged> Record(IServiceProvider services)
    {
        var seen = new List<StatusChanged>();
        services.GetRequiredService<InProcessStatusEvents>().Changed += c => { lock (seen) seen.Add(c); };
        return seen;
    }

    private sealed class RedisHost(string prefix) : RolodeskApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            TwoHosts.UseRedis(builder, prefix);
        }
    }
}
