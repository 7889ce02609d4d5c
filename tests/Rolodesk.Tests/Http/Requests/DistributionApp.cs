using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Data;
using Rolodesk.Data.Requests;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Distribution;
using Rolodesk.Server.Infrastructure;
using Rolodesk.Tests.Infrastructure;

// In Rolodesk.Tests.Http so that test.sh's PostgreSQL pass runs these tests too.
namespace Rolodesk.Tests.Http;

/// <summary>
/// An application on a database of its own for distribution: the settings are global, so its
/// tests share one collection and run one at a time; each starts with <see cref="ScenarioAsync"/>,
/// which closes whatever earlier tests left open and makes a fresh agent group the only one taking part.
/// The periodic sweep is off: assignments must follow from events alone.
/// </summary>
public class DistributionApp : RolodeskApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rolodesk:Distribution:SweepSeconds", "3600");
    }

    /// <summary>Fresh agents (signed in, so Online) in a group of their own, the only group taking part.</summary>
    public async Task<Scenario> ScenarioAsync(int agents, string method = "roundRobin", int capacity = 5, bool returnOnLeave = true)
    {
        await InScopeAsync(async db =>
        {
            await db.Requests.Where(r => r.State != RequestState.Closed).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RequestState.Closed));
            return 0;
        });
        var group = await Api.CreateGroupAsync("agents");
        var callers = new List<Caller>();
        for (var i = 0; i < agents; i++) callers.Add(await Api.SignedInMemberOfAsync(group.Name));
        var admin = await Api.AdminAsync();
        var client = await Api.CreateUserAsync();
        await Settings.OkAsync(await Settings.PutAsync(admin, new { enabled = true, method, defaultCapacity = capacity, agentGroupIds = new[] { group.Id }, returnUnansweredOnLeave = returnOnLeave, capacities = Array.Empty<object>() }));
        var statuses = await StatusApi.ListAsync(admin);
        return new(this, admin, client.Id, group.Id, [.. callers.OrderBy(c => c.User.Id)],
            statuses.Single(s => s.SystemKey == SystemStatuses.Online).Id, statuses.Single(s => s.SystemKey == SystemStatuses.OnHold).Id);
    }

    public async Task<T> InScopeAsync<T>(Func<RolodeskDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<RolodeskDbContext>());
    }

    /// <summary>Waits for a distribution run that starts now, as after a status event.</summary>
    public Task SettledAsync() => Services.GetRequiredService<AssignmentRunner>().RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
}

[CollectionDefinition(Name)]
public sealed class DistributionCollection : ICollectionFixture<DistributionApp>
{
    public const string Name = "Distribution";
}

/// <summary>One test's world: the administrator, a client, agents (ordered by id) and the two statuses used.</summary>
public sealed record Scenario(DistributionApp App, HttpClient Admin, int ClientId, int GroupId, List<Caller> Agents, int Online, int OnHold)
{
    public async Task<RequestResponse> CreateAsync(string? subject = null, HttpClient? http = null)
    {
        var response = await (http ?? Admin).PostAsJsonAsync("/api/v1/requests", new { subject = subject ?? Unique.Name("Subject"), clientUserId = ClientId, channel = "email" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Api.Describe(response));
        return (await response.Content.ReadFromJsonAsync<RequestResponse>())!;
    }

    public async Task<RequestDetails> GetAsync(long id) => (await Admin.GetFromJsonAsync<RequestDetails>($"/api/v1/requests/{id}"))!;

    public async Task<RequestResponse> CloseAsync(long id, HttpClient? http = null) =>
        await StatusApi.OkOf<RequestResponse>(await (http ?? Admin).PostAsJsonAsync($"/api/v1/requests/{id}/close", new { reason = "done" }));

    public async Task SetStatusAsync(Caller agent, int statusId)
    {
        await StatusApi.OkAsync(await StatusApi.SetMineAsync(agent.Http, statusId));
        await App.SettledAsync();
    }

    public async Task<List<RequestResponse>> ListAsync(string query) =>
        [.. (await Admin.GetFromJsonAsync<Page<RequestResponse>>("/api/v1/requests?pageSize=200&" + query))!.Items];

    public Task PutSettingsAsync(object body) => Settings.PutAsync(Admin, body).ContinueWith(t => Settings.OkAsync(t.Result)).Unwrap();

    public object SettingsBody(string method = "roundRobin", int capacity = 5, bool returnOnLeave = true, object[]? capacities = null) =>
        new { enabled = true, method, defaultCapacity = capacity, agentGroupIds = new[] { GroupId }, returnUnansweredOnLeave = returnOnLeave, capacities };
}

public static class Settings
{
    public static Task<HttpResponseMessage> PutAsync(HttpClient http, object body) => http.PutAsJsonAsync("/api/v1/distribution-settings", body);

    public static Task<DistributionSettingsResponse> OkAsync(HttpResponseMessage response) => StatusApi.OkOf<DistributionSettingsResponse>(response);
}

/// <summary>A second instance on the distribution app's database, as behind a load balancer (no Redis: each instance runs distribution from the database).</summary>
public sealed class SecondDistributionHost(string connectionString)
    : OtherInstance(connectionString, null, ("Rolodesk:Distribution:SweepSeconds", "3600"));
