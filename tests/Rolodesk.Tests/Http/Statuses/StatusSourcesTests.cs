using System.Net;
using System.Net.Http.Json;
using Rolodesk.Data.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

[Collection(StatusesCollection.Name)]
public sealed class StatusSourcesTests(StatusesApp app)
{
    [Fact]
    public async Task Every_source_actor_and_reason_is_recorded()
    {
        using var admin = await app.Api.AdminAsync();
        var analytics = await app.Api.SignedInMemberOfAsync((await app.Api.CreateGroupAsync("agents", "analytics.agents.status")).Name);
        var omni = await app.Api.SignedInMemberOfAsync((await app.Api.CreateGroupAsync("agents", "omni.agents.status")).Name);
        var agent = await app.Api.AgentAsync(); // signing in: sign-in
        var ids = (await StatusApi.ListAsync(admin)).Where(s => s.IsDefault).ToDictionary(s => s.SystemKey!, s => s.Id);
        var lunch = await StatusApi.CreateAsync(admin);

        await StatusApi.OkAsync(await StatusApi.SetMineAsync(agent.Http, ids[SystemStatuses.OnHold], "coffee"));
        await StatusApi.OkAsync(await StatusApi.SetAgentAsync(analytics.Http, agent.User.Id, lunch.Id, "analytics", "lunch time"));
        await StatusApi.OkAsync(await StatusApi.SetAgentAsync(omni.Http, agent.User.Id, ids[SystemStatuses.Online], "omni"));
        await StatusApi.OkAsync(await StatusApi.SetAgentAsync(omni.Http, agent.User.Id, ids[SystemStatuses.OnHold], "api"));
        Assert.Equal(HttpStatusCode.NoContent, (await agent.Http.PostAsync("/api/v1/auth/sign-out", null)).StatusCode);

        var history = (await StatusApi.HistoryAsync(admin, agent.User.Id)).Items.Reverse().ToList();
        Assert.Equal([null, "sign-in", "self", "analytics", "omni", "api", "sign-out"], history.Select(h => h.Source));
        Assert.Equal([null, agent.User.Id, agent.User.Id, analytics.User.Id, omni.User.Id, omni.User.Id, agent.User.Id], history.Select(h => h.ActorUserId));
        Assert.Equal(["coffee", "lunch time"], history.Where(h => h.Reason is not null).Select(h => h.Reason));
        Assert.Equal(analytics.User.Name, history[3].ActorName);
        Assert.Equal(ids[SystemStatuses.Offline], history[^1].StatusId);
        Assert.Equal(lunch.Name, history[4].PreviousStatusName);
        await app.AssertInvariantAsync(agent.User.Id);
    }

    [Fact]
    public async Task Cookie_sign_in_sets_Online_and_cookie_sign_out_sets_Offline()
    {
        var agent = await app.Api.AgentAsync();
        using var admin = await app.Api.AdminAsync();
        var offline = await StatusApi.IdAsync(admin, SystemStatuses.Offline);
        await StatusApi.OkAsync(await StatusApi.SetAgentAsync(admin, agent.User.Id, offline));

        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await AccountTests.SignInAsync(browser, agent.User.Email!, Api.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("Online", (await StatusApi.CurrentAsync(browser)).StatusName);

        await browser.PostAsync("/account/sign-out", null);
        var history = (await StatusApi.HistoryAsync(admin, agent.User.Id)).Items;
        Assert.Equal(["sign-out", "sign-in"], history.Take(2).Select(h => h.Source));
        Assert.Equal(offline, history[0].StatusId);
    }

    [Fact]
    public async Task Signing_in_and_out_leaves_clients_without_status()
    {
        var client = await app.Api.ClientAsync();
        using var admin = await app.Api.AdminAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.PostAsync("/api/v1/auth/sign-out", null)).StatusCode);
        Assert.Empty((await StatusApi.HistoryAsync(admin, client.User.Id)).Items);
    }
}
