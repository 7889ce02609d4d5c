using System.Net;
using System.Net.Http.Json;
using Rolodesk.Data.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

[Collection(StatusesCollection.Name)]
public sealed class StatusRightsTests(StatusesApp app)
{
    private async Task<Caller> StaffWithAsync(params string[] permissions) =>
        await app.Api.SignedInMemberOfAsync((await app.Api.CreateGroupAsync("agents", permissions)).Name);

    [Fact]
    public async Task Writing_statuses_and_the_rule_needs_contact_fields_manage_reading_needs_only_a_sign_in()
    {
        var agent = await app.Api.AgentAsync();
        var client = await app.Api.ClientAsync();
        using var admin = await app.Api.AdminAsync();
        var custom = await StatusApi.CreateAsync(admin);
        var online = await StatusApi.IdAsync(admin, SystemStatuses.Online);
        var body = new { name = Unique.Name("S"), color = "#000000" };
        foreach (var response in new[]
        {
            await agent.Http.PostAsJsonAsync("/api/v1/statuses", body),
            await agent.Http.PutAsJsonAsync($"/api/v1/statuses/{custom.Id}", body),
            await agent.Http.PutAsJsonAsync("/api/v1/statuses/order", new { ids = new[] { custom.Id } }),
            await agent.Http.DeleteAsync($"/api/v1/statuses/{custom.Id}?moveTo={online}"),
            await agent.Http.PutAsJsonAsync("/api/v1/status-settings", new { inactivityMinutes = 5, inactivityStatusId = online }),
        })
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);

        Assert.NotEmpty(await StatusApi.ListAsync(client.Http));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/status-settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Api.Anonymous().GetAsync("/api/v1/statuses")).StatusCode);
    }

    [Fact]
    public async Task Only_agents_have_an_own_status()
    {
        var client = await app.Api.ClientAsync();
        var online = await StatusApi.IdAsync(client.Http, SystemStatuses.Online);
        await ProblemAssert.IsProblemAsync(await client.Http.GetAsync("/api/v1/me/status"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await StatusApi.SetMineAsync(client.Http, online), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Listing_agents_needs_a_right_of_Analytics_or_Omni()
    {
        await ProblemAssert.IsProblemAsync(await (await app.Api.ClientAsync()).Http.GetAsync("/api/v1/agents"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await (await StaffWithAsync("contacts.view")).Http.GetAsync("/api/v1/agents"), HttpStatusCode.Forbidden);
        foreach (var right in new[] { "analytics.view", "omni.view", "analytics.agents.status", "omni.agents.status" })
            Assert.Equal(HttpStatusCode.OK, (await (await StaffWithAsync(right)).Http.GetAsync("/api/v1/agents")).StatusCode);
    }

    [Theory]
    [InlineData("analytics.agents.status", "analytics", true)]
    [InlineData("analytics.agents.status", "omni", false)]
    [InlineData("analytics.agents.status", "api", true)]
    [InlineData("analytics.agents.status", null, true)]
    [InlineData("omni.agents.status", "omni", true)]
    [InlineData("omni.agents.status", "analytics", false)]
    [InlineData("omni.agents.status", "api", true)]
    [InlineData("omni.view", "omni", false)]
    [InlineData("analytics.view", "api", false)]
    public async Task Changing_an_agents_status_needs_the_right_of_the_source(string right, string? source, bool allowed)
    {
        var supervisor = await StaffWithAsync(right);
        var agent = await app.Api.AgentAsync();
        var onHold = await StatusApi.IdAsync(supervisor.Http, SystemStatuses.OnHold);
        var response = await StatusApi.SetAgentAsync(supervisor.Http, agent.User.Id, onHold, source);
        if (allowed) Assert.Equal(onHold, (await StatusApi.OkAsync(response)).StatusId);
        else await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Changing_a_non_agent_is_404_and_a_bad_body_names_its_fields()
    {
        using var admin = await app.Api.AdminAsync();
        var client = await app.Api.ClientAsync();
        var agent = await app.Api.AgentAsync();
        var online = await StatusApi.IdAsync(admin, SystemStatuses.Online);
        await ProblemAssert.IsProblemAsync(await StatusApi.SetAgentAsync(admin, client.User.Id, online), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await StatusApi.SetAgentAsync(admin, 999_999, online), HttpStatusCode.NotFound);
        Assert.Equal(["source"], await ProblemAssert.IsValidationProblemAsync(await StatusApi.SetAgentAsync(admin, agent.User.Id, online, "self")));
        Assert.Equal(["reason"], await ProblemAssert.IsValidationProblemAsync(await StatusApi.SetAgentAsync(admin, agent.User.Id, online, reason: new string('r', 501))));
        Assert.Equal(["statusId"], await ProblemAssert.IsValidationProblemAsync(await StatusApi.SetAgentAsync(admin, agent.User.Id, 999_999)));
        Assert.Equal(["statusId"], await ProblemAssert.IsValidationProblemAsync(await agent.Http.PutAsJsonAsync("/api/v1/me/status", new { reason = "x" })));
    }

    [Fact]
    public async Task Status_history_needs_contacts_view_except_ones_own()
    {
        var agent = await app.Api.AgentAsync();
        var client = await app.Api.ClientAsync();
        var other = await app.Api.ClientAsync();
        await ProblemAssert.IsProblemAsync(await client.Http.GetAsync($"/api/v1/users/{agent.User.Id}/status-history"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync($"/api/v1/users/{client.User.Id}/status-history")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync($"/api/v1/users/{other.User.Id}/status-history")).StatusCode);
        await ProblemAssert.IsProblemAsync(await agent.Http.GetAsync("/api/v1/users/999999/status-history"), HttpStatusCode.NotFound);
    }
}
