using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Rolodesk.Data.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>/hubs/presence on one instance: who is pushed what, and who may not connect.</summary>
[Collection(StatusesCollection.Name)]
public sealed class LiveHubTests(StatusesApp app)
{
    private static string Token(Caller caller) => caller.Http.DefaultRequestHeaders.Authorization!.Parameter!;

    [Fact]
    public async Task A_supervisors_change_reaches_the_agent_and_watchers_with_only_what_each_may_read()
    {
        using var admin = await app.Api.AdminAsync();
        var agent = await app.Api.AgentAsync(); // contacts.view: the history with reason and source
        var board = await app.Api.CreateGroupAsync("clients", "analytics.view"); // /agents only
        var watcher = await app.Api.SignedInMemberOfAsync(board.Name);
        var client = await app.Api.ClientAsync(); // no right: hears about nobody else
        await using var agentLive = await LiveClient.ConnectAsync(app, Token(agent));
        await using var watcherLive = await LiveClient.ConnectAsync(app, Token(watcher));
        await using var clientLive = await LiveClient.ConnectAsync(app, Token(client));
        var onHold = await StatusApi.IdAsync(admin, SystemStatuses.OnHold);

        var changed = await StatusApi.OkAsync(await StatusApi.SetAgentAsync(admin, agent.User.Id, onHold, "analytics", "Lunch"));

        var full = await agentLive.NextChangeOfAsync(agent.User.Id);
        Assert.Equal((onHold, "analytics", "Lunch"), (full.StatusId, full.Source, full.Reason));
        // The event carries the changer's clock reading; the database may keep it to the millisecond only.
        Assert.Equal(changed.Since, full.Since, TimeSpan.FromMilliseconds(1));
        Assert.NotNull(full.ActorUserId);
        var current = await watcherLive.NextChangeOfAsync(agent.User.Id);
        Assert.Equal(onHold, current.StatusId);
        Assert.Equal(full.Since, current.Since);
        Assert.Equal((null, null, null, null), (current.Source, current.Reason, current.ActorUserId, current.PreviousStatusId));
        Assert.Empty(await clientLive.ChangesOfAsync(agent.User.Id, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task An_agent_without_rights_hears_about_their_own_status_once()
    {
        var plainAgents = await app.Api.CreateGroupAsync("agents");
        var agent = await app.Api.SignedInMemberOfAsync(plainAgents.Name);
        await using var live = await LiveClient.ConnectAsync(app, Token(agent));
        var onHold = await StatusApi.IdAsync(agent.Http, SystemStatuses.OnHold);

        await StatusApi.OkAsync(await StatusApi.SetMineAsync(agent.Http, onHold, "Coffee"));

        // Wait for the push however busy the machine is, then make sure no second copy follows.
        var only = await live.ChangeOfAsync(agent.User.Id, _ => true);
        Assert.Equal(("self", "Coffee"), (only.Source, only.Reason));
        Assert.Empty(await live.ChangesOfAsync(agent.User.Id, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task A_new_status_is_announced_to_every_signed_in_client()
    {
        using var admin = await app.Api.AdminAsync();
        var client = await app.Api.ClientAsync();
        await using var live = await LiveClient.ConnectAsync(app, Token(client));

        await StatusApi.CreateAsync(admin);

        await live.CatalogChangeAsync();
    }

    [Fact]
    public async Task Without_credentials_the_hub_refuses_the_connection()
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => LiveClient.ConnectAsync(app, null));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => LiveClient.ConnectAsync(app, "not-a-token"));
    }

    [Fact]
    public async Task A_token_in_the_query_is_accepted_by_the_hub_only()
    {
        var agent = await app.Api.AgentAsync();
        using var anonymous = app.Api.Anonymous();
        var query = "access_token=" + Uri.EscapeDataString(Token(agent));

        var hub = await anonymous.PostAsync("/hubs/presence/negotiate?negotiateVersion=1&" + query, null);
        var api = await anonymous.GetAsync("/api/v1/me?" + query);

        Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task A_heartbeat_after_the_inactivity_rule_moved_the_agent_brings_the_previous_status_back()
    {
        using var admin = await app.Api.AdminAsync();
        var away = await StatusApi.CreateAsync(admin, Unique.Name("Away"));
        await StatusApi.SetRuleAsync(admin, 5, away.Id);
        try
        {
            var agent = await app.Api.AgentAsync(); // signed in: Online
            var online = await StatusApi.IdAsync(admin, SystemStatuses.Online);
            await using var live = await LiveClient.ConnectAsync(app, Token(agent));
            app.Clock.Advance(TimeSpan.FromMinutes(6));
            await app.SweepAsync();
            // The fake clock's jump also wakes the background sweeper: whichever pass wins, one push says Away.
            await live.ChangeOfAsync(agent.User.Id, m => m.StatusId == away.Id);

            await live.Connection.InvokeAsync("Heartbeat");

            var back = await live.ChangeOfAsync(agent.User.Id, m => m.StatusId != away.Id);
            Assert.Equal((online, "inactivity"), (back.StatusId, back.Source));
        }
        finally
        {
            await StatusApi.SetRuleAsync(admin, null, null);
        }
    }
}
