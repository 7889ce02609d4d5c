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

    private static async Task<List<int>> DistinctStatusesAsync(HttpClient admin, int count)
    {
        var ids = (await StatusApi.ListAsync(admin)).Where(s => s.IsDefault).Select(s => s.Id).ToList();
        while (ids.Count < count) ids.Add((await StatusApi.CreateAsync(admin)).Id);
        return ids;
    }
}

/// <summary>A second app instance on the database of <see cref="StatusesApp"/> (and its clock), as two servers behind a load balancer.</summary>
public sealed class SecondInstance(string connectionString, TimeProvider clock) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Rolodesk:Database:Provider", RolodeskApp.IsPostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Rolodesk", connectionString);
        builder.UseSetting("ROLODESK_ADMIN_EMAIL", RolodeskApp.AdminEmail);
        builder.UseSetting("ROLODESK_ADMIN_PASSWORD", RolodeskApp.AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton(clock)));
    }

    public async Task<int> SweepAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InactivitySweep>().RunOnceAsync();
    }
}
