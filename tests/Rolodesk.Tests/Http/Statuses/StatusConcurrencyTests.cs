using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

[Collection(StatusesCollection.Name)]
public sealed class StatusConcurrencyTests(StatusesApp app)
{
    [Fact]
    public async Task Twenty_simultaneous_changes_of_one_agent_are_all_recorded_back_to_back()
    {
        using var admin = await app.Api.AdminAsync();
        var agent = await app.Api.AgentAsync();
        var targets = await DistinctStatusesAsync(admin, 4);
        var before = (await app.StoredAsync(agent.User.Id)).Intervals.Count;

        // Alternating sources and callers; each request names a reason we can find again.
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(k => k % 2 == 0
            ? StatusApi.SetMineAsync(agent.Http, targets[k % targets.Count], $"r{k}")
            : StatusApi.SetAgentAsync(admin, agent.User.Id, targets[k % targets.Count], "api", $"r{k}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var intervals = await app.AssertInvariantAsync(agent.User.Id);
        // A change to the status held at that moment is a no-op; every other one is one interval.
        Assert.InRange(intervals.Count - before, 1, 20);
        Assert.Equal(intervals.Count - before, intervals.Skip(before).Select(i => i.Reason).Distinct().Count());
    }

    [Fact]
    public async Task Two_instances_on_one_database_change_one_agent_without_breaking_the_sequence()
    {
        await using var second = new SecondInstance(app.ConnectionString, app.Clock);
        using var admin = await app.Api.AdminAsync();
        using var admin2 = second.CreateClient();
        admin2.DefaultRequestHeaders.Authorization = new("Bearer", await app.AdminTokenAsync());
        var agent = await app.Api.AgentAsync();
        var targets = await DistinctStatusesAsync(admin, 3);

        // Two changers working from two hosts, one after the other in a tight race.
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(k =>
            StatusApi.SetAgentAsync(k % 2 == 0 ? admin : admin2, agent.User.Id, targets[k % targets.Count], "api", $"x{k}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await app.AssertInvariantAsync(agent.User.Id);
    }

    [Fact]
    public async Task Many_agents_changed_at_once_keep_each_agents_changes_in_order()
    {
        using var admin = await app.Api.AdminAsync();
        // Not Online: signed-in agents hold it, and every request here must be a change.
        var online = await StatusApi.IdAsync(admin, SystemStatuses.Online);
        var targets = (await DistinctStatusesAsync(admin, 4)).Where(id => id != online).Take(3).ToList();
        var agents = new List<Caller>();
        for (var k = 0; k < 12; k++) agents.Add(await app.Api.AgentAsync());

        // Every agent gets six changes one after the other while all the others change too: the
        // group commit runs several batches at once on PostgreSQL, never one agent in two of them.
        await Task.WhenAll(agents.Select(async (agent, a) =>
        {
            for (var k = 0; k < 6; k++)
            {
                var response = k % 2 == 0
                    ? await StatusApi.SetMineAsync(agent.Http, targets[(a + k) % 3], $"a{a}-{k}")
                    : await StatusApi.SetAgentAsync(admin, agent.User.Id, targets[(a + k) % 3], "api", $"a{a}-{k}");
                Assert.Equal(targets[(a + k) % 3], (await StatusApi.OkAsync(response)).StatusId);
            }
        }));

        foreach (var (agent, a) in agents.Select((agent, a) => (agent, a)))
        {
            var intervals = await app.AssertInvariantAsync(agent.User.Id);
            // Each request was a change (the next status always differs), recorded in the order made.
            var reasons = intervals.Where(i => i.Reason?.StartsWith($"a{a}-", StringComparison.Ordinal) == true).Select(i => i.Reason).ToList();
            Assert.Equal(Enumerable.Range(0, 6).Select(k => $"a{a}-{k}"), reasons);
            Assert.Equal(targets[(a + 5) % 3], intervals[^1].StatusId);
        }
    }

    [Fact]
    public async Task Deleting_an_agent_deletes_their_status_history()
    {
        using var admin = await app.Api.AdminAsync();
        var agent = await app.Api.AgentAsync();
        var onHold = await StatusApi.IdAsync(admin, SystemStatuses.OnHold);
        (await StatusApi.SetMineAsync(agent.Http, onHold)).EnsureSuccessStatusCode();
        Assert.NotEmpty((await app.StoredAsync(agent.User.Id)).Intervals);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{agent.User.Id}")).StatusCode);

        var (intervals, presence) = await app.StoredAsync(agent.User.Id);
        Assert.Empty(intervals);
        Assert.Null(presence);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/users/{agent.User.Id}/status-history")).StatusCode);
    }

    private static async Task<List<int>> DistinctStatusesAsync(HttpClient admin, int count)
    {
        var ids = (await StatusApi.ListAsync(admin)).Where(s => s.IsDefault).Select(s => s.Id).ToList();
        while (ids.Count < count) ids.Add((await StatusApi.CreateAsync(admin)).Id);
        return ids;
    }
}

/// <summary>A second app instance on the database of <see cref="StatusesApp"/> (and its clock), as two servers behind a load balancer.</summary>
public sealed class SecondInstance(string connectionString, TimeProvider clock) : OtherInstance(connectionString)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton(clock)));
    }

    public async Task<int> SweepAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InactivitySweep>().RunOnceAsync();
    }
}
