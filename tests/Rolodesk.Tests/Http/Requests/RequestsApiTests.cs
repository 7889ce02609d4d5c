using System.Net;
using System.Net.Http.Json;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>Who may do what with requests and the settings, and how bad input is answered.</summary>
[Collection(DistributionCollection.Name)]
public sealed class RequestsApiTests(DistributionApp app)
{
    [Fact]
    public async Task Clients_and_strangers_get_no_requests_agents_do_but_only_managers_reassign_and_set()
    {
        var world = await app.ScenarioAsync(agents: 1);
        var agent = world.Agents[0];
        var client = await app.Api.ClientAsync();
        using var anonymous = app.Api.Anonymous();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/requests")).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.Http.GetAsync("/api/v1/requests"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await client.Http.PostAsJsonAsync("/api/v1/requests", new { subject = "x", clientUserId = world.ClientId, channel = "email" }), HttpStatusCode.Forbidden);

        var request = await world.CreateAsync(http: agent.Http);
        Assert.Equal("assigned", request.State);
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync($"/api/v1/requests/{request.Id}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await agent.Http.GetAsync("/api/v1/distribution-settings"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await Settings.PutAsync(agent.Http, world.SettingsBody()), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(
            await agent.Http.PostAsJsonAsync($"/api/v1/requests/{request.Id}/reassign", new { agentId = agent.User.Id }), HttpStatusCode.Forbidden);

        // Another agent may not close it; its own agent may.
        var other = await app.Api.SignedInMemberOfAsync("Agents");
        await ProblemAssert.IsProblemAsync(await other.Http.PostAsJsonAsync($"/api/v1/requests/{request.Id}/close", new { }), HttpStatusCode.Forbidden);
        Assert.Equal("closed", (await world.CloseAsync(request.Id, agent.Http)).State);
        await ProblemAssert.IsProblemAsync(await agent.Http.PostAsJsonAsync($"/api/v1/requests/{request.Id}/close", new { }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_each_field()
    {
        var world = await app.ScenarioAsync(agents: 1);
        var clientsGroup = await app.Api.GroupIdAsync("Clients");

        var create = await ProblemAssert.IsValidationProblemAsync(
            await world.Admin.PostAsJsonAsync("/api/v1/requests", new { subject = " ", clientUserId = int.MaxValue, channel = "e mail" }));
        Assert.Equal(["channel", "clientUserId", "subject"], create.Order());

        var settings = await ProblemAssert.IsValidationProblemAsync(await Settings.PutAsync(world.Admin, new
        {
            enabled = true,
            method = "random",
            defaultCapacity = 0,
            agentGroupIds = new[] { clientsGroup },
            returnUnansweredOnLeave = (bool?)null,
            capacities = new[] { new { agentId = world.ClientId, capacity = -1 } },
        }));
        Assert.Equal(["agentGroupIds[0]", "capacities[0].agentId", "capacities[0].capacity", "defaultCapacity", "method", "returnUnansweredOnLeave"], settings.Order());

        Assert.Equal(["state"], await ProblemAssert.IsValidationProblemAsync(await world.Admin.GetAsync("/api/v1/requests?state=open")));
        var request = await world.CreateAsync();
        Assert.Equal(["agentId"], await ProblemAssert.IsValidationProblemAsync(
            await world.Admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/reassign", new { agentId = world.ClientId })));
        await ProblemAssert.IsProblemAsync(await world.Admin.GetAsync("/api/v1/requests/999999999"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Settings_round_trip_and_list_filters_by_state_and_agent()
    {
        var world = await app.ScenarioAsync(agents: 2, method: "leastLoaded", capacity: 3);
        var a = world.Agents[0].User.Id;
        await world.PutSettingsAsync(world.SettingsBody("leastLoaded", 3, returnOnLeave: false, capacities: [new { agentId = a, capacity = 7 }]));
        var read = await world.Admin.GetFromJsonAsync<Rolodesk.Server.Features.Distribution.DistributionSettingsResponse>("/api/v1/distribution-settings");
        Assert.Equal("leastLoaded", read!.Method);
        Assert.Equal(3, read.DefaultCapacity);
        Assert.False(read.ReturnUnansweredOnLeave);
        Assert.Equal([world.GroupId], read.AgentGroupIds);
        Assert.Equal(7, Assert.Single(read.Capacities).Capacity);

        var first = await world.CreateAsync();
        var second = await world.CreateAsync();
        await world.CloseAsync(second.Id);
        var mine = await world.ListAsync($"agentId={first.AgentId}&state=assigned");
        Assert.Equal([first.Id], mine.Select(r => r.Id));
        Assert.Contains(await world.ListAsync("state=closed"), r => r.Id == second.Id);
        Assert.DoesNotContain(await world.ListAsync("state=assigned"), r => r.Id == second.Id);
    }
}
