using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rolodesk.Data;
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

    /// <summary>
    /// No index keeps one open interval per agent (ADR 0011): the writes do, conditional on the presence version.
    /// Changes through two instances, the agents' own activity (which brings back a status the rule replaced) and
    /// the inactivity sweeps of both instances race on the same agents, round after round.
    /// </summary>
    [Fact]
    public async Task Changes_activity_and_sweeps_on_two_instances_at_once_leave_each_agent_one_open_interval()
    {
        using var admin = await app.Api.AdminAsync();
        var away = await StatusApi.CreateAsync(admin, Unique.Name("Away"));
        var targets = (await DistinctStatusesAsync(admin, 4)).Where(id => id != away.Id).ToList();
        await StatusApi.SetRuleAsync(admin, 3, away.Id);
        try
        {
            await using var second = new SecondInstance(app.ConnectionString, app.Clock);
            using var admin2 = second.CreateClient();
            admin2.DefaultRequestHeaders.Authorization = new("Bearer", await app.AdminTokenAsync());
            var agents = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Api.AgentAsync()));
            for (var round = 0; round < 4; round++)
            {
                app.Clock.Advance(TimeSpan.FromMinutes(4)); // every agent is idle past the rule's limit
                var sweeps = Task.WhenAll(app.SweepAsync(), second.SweepAsync());
                var changes = agents.Select((agent, a) => StatusApi.SetAgentAsync(a % 2 == 0 ? admin : admin2, agent.User.Id,
                    targets[(a + round) % targets.Count], "api", $"c{round}-{a}")).ToList();
                var activity = agents.Where((_, a) => a % 3 != 0).Select(agent => StatusApi.CurrentAsync(agent.Http)).ToList();
                await Task.WhenAll(sweeps, Task.WhenAll(changes), Task.WhenAll(activity));
                Assert.All(await Task.WhenAll(changes), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            }
            foreach (var agent in agents) await app.AssertInvariantAsync(agent.User.Id);
        }
        finally { await StatusApi.SetRuleAsync(admin, null, null); }
    }

    [Fact]
    public async Task A_change_is_refused_when_the_agents_open_interval_was_closed_behind_the_apps_back()
    {
        using var admin = await app.Api.AdminAsync();
        var agent = await app.Api.AgentAsync();
        var onHold = await StatusApi.IdAsync(admin, SystemStatuses.OnHold);
        var (before, presence) = await app.StoredAsync(agent.User.Id);
        Assert.NotNull(presence);
        // Damage the history by hand: the interval the presence row points at is closed.
        Task<int> SetEnded(DateTimeOffset? ended) => app.InScopeAsync(sp => sp.GetRequiredService<RolodeskDbContext>().StatusIntervals
            .Where(i => i.Id == presence.OpenIntervalId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Ended, ended)));
        await SetEnded(presence.Since);
        try
        {
            var response = await StatusApi.SetAgentAsync(admin, agent.User.Id, onHold, "api");

            // The change fails as a whole: no interval opened beside the damage, the presence row unmoved.
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            var (after, presenceAfter) = await app.StoredAsync(agent.User.Id);
            Assert.Equal(before.Count, after.Count);
            Assert.Equal(presence.Version, presenceAfter!.Version);
            Assert.Equal(presence.StatusId, presenceAfter.StatusId);
        }
        finally { await SetEnded(null); } // the collection's later sweeps see this agent too
        (await StatusApi.SetAgentAsync(admin, agent.User.Id, onHold, "api")).EnsureSuccessStatusCode();
        await app.AssertInvariantAsync(agent.User.Id);
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
