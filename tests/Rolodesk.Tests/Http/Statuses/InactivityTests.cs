using System.Net;
using System.Net.Http.Json;
using Rolodesk.Data.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>The inactivity rule on a fake clock: time moves by <c>Advance</c>, never by sleeping.</summary>
[Collection(StatusesCollection.Name)]
public sealed class InactivityTests(StatusesApp app)
{
    private async Task<(HttpClient Admin, int Away)> RuleAsync(int minutes)
    {
        var admin = await app.Api.AdminAsync();
        var away = await StatusApi.CreateAsync(admin, Unique.Name("Away"));
        await StatusApi.SetRuleAsync(admin, minutes, away.Id);
        return (admin, away.Id);
    }

    private async Task RuleOffAsync(HttpClient admin)
    {
        await StatusApi.SetRuleAsync(admin, null, null);
        admin.Dispose();
    }

    [Fact]
    public async Task After_N_minutes_without_activity_the_rule_changes_the_status_and_activity_brings_the_previous_back()
    {
        var (admin, away) = await RuleAsync(5);
        try
        {
            var agent = await app.Api.AgentAsync(); // signed in: Online, active now
            var onHold = await StatusApi.IdAsync(admin, SystemStatuses.OnHold);
            await StatusApi.OkAsync(await StatusApi.SetAgentAsync(admin, agent.User.Id, onHold));
            app.Clock.Advance(TimeSpan.FromMinutes(4));
            await app.SweepAsync();
            Assert.Equal(onHold, (await app.StoredAsync(agent.User.Id)).Presence!.StatusId);

            app.Clock.Advance(TimeSpan.FromMinutes(2));
            await app.SweepAsync();
            var history = (await StatusApi.HistoryAsync(admin, agent.User.Id)).Items;
            Assert.Equal((away, "inactivity", onHold, (int?)null), (history[0].StatusId, history[0].Source, history[0].PreviousStatusId, history[0].ActorUserId));
            Assert.Contains("5 min", history[0].Reason);

            // Any authenticated request is activity: this one already answers with the status restored.
            Assert.Equal(onHold, (await StatusApi.CurrentAsync(agent.Http)).StatusId);
            history = (await StatusApi.HistoryAsync(admin, agent.User.Id)).Items;
            Assert.Equal((onHold, "inactivity", agent.User.Id), (history[0].StatusId, history[0].Source, history[0].ActorUserId));
            Assert.Equal(2, history.Count(h => h.Source == "inactivity"));
            await app.AssertInvariantAsync(agent.User.Id);
        }
        finally { await RuleOffAsync(admin); }
    }

    [Fact]
    public async Task Offline_agents_are_left_alone_and_choosing_the_rules_status_oneself_is_not_undone()
    {
        var (admin, away) = await RuleAsync(1);
        try
        {
            var offlineAgent = await app.Api.AgentAsync();
            await offlineAgent.Http.PostAsync("/api/v1/auth/sign-out", null);
            var chooser = await app.Api.AgentAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            await app.SweepAsync();
            Assert.Equal("sign-out", (await StatusApi.HistoryAsync(admin, offlineAgent.User.Id)).Items[0].Source);

            // Moved by the rule, the agent then picks the same status deliberately: it stays when they are active.
            await StatusApi.OkAsync(await StatusApi.SetMineAsync(chooser.Http, away));
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(away, (await StatusApi.CurrentAsync(chooser.Http)).StatusId);
            await app.AssertInvariantAsync(chooser.User.Id);
        }
        finally { await RuleOffAsync(admin); }
    }

    [Fact]
    public async Task Two_instances_sweeping_at_once_fire_the_rule_once_per_agent()
    {
        var (admin, away) = await RuleAsync(3);
        await using var second = new SecondInstance(app.ConnectionString, app.Clock);
        try
        {
            var agents = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.Api.AgentAsync()));
            app.Clock.Advance(TimeSpan.FromMinutes(4));
            await Task.WhenAll(app.SweepAsync(), second.SweepAsync(), app.SweepAsync(), second.SweepAsync());
            foreach (var agent in agents)
            {
                var intervals = await app.AssertInvariantAsync(agent.User.Id);
                Assert.Equal(away, intervals[^1].StatusId);
                Assert.Single(intervals, i => i.Source == StatusSource.Inactivity);
            }
        }
        finally { await RuleOffAsync(admin); }
    }

    [Fact]
    public async Task The_background_sweep_runs_on_the_apps_clock()
    {
        var (admin, away) = await RuleAsync(1);
        try
        {
            var agent = await app.Api.AgentAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            // The sweeper's timer fired on the advance; its pass runs on the thread pool, so wait for it (bounded).
            for (var i = 0; i < 100 && (await app.StoredAsync(agent.User.Id)).Presence!.StatusId != away; i++) await Task.Delay(50);
            Assert.Equal(away, (await app.StoredAsync(agent.User.Id)).Presence!.StatusId);
        }
        finally { await RuleOffAsync(admin); }
    }

    [Fact]
    public async Task The_rule_is_off_or_N_minutes_and_a_live_status_and_its_status_cannot_be_deleted()
    {
        using var admin = await app.Api.AdminAsync();
        var online = await StatusApi.IdAsync(admin, SystemStatuses.Online);
        Assert.Equal(["inactivityMinutes"], await ProblemAssert.IsValidationProblemAsync(
            await admin.PutAsJsonAsync("/api/v1/status-settings", new { inactivityMinutes = 0, inactivityStatusId = online })));
        Assert.Equal(["inactivityStatusId"], await ProblemAssert.IsValidationProblemAsync(
            await admin.PutAsJsonAsync("/api/v1/status-settings", new { inactivityMinutes = 5 })));
        Assert.Equal(["inactivityStatusId"], await ProblemAssert.IsValidationProblemAsync(
            await admin.PutAsJsonAsync("/api/v1/status-settings", new { inactivityMinutes = 5, inactivityStatusId = 999_999 })));

        var (rulesAdmin, away) = await RuleAsync(10);
        try
        {
            await ProblemAssert.IsProblemAsync(await admin.DeleteAsync($"/api/v1/statuses/{away}?moveTo={online}"), HttpStatusCode.Conflict);
        }
        finally { await RuleOffAsync(rulesAdmin); }
        Assert.Equal(new Rolodesk.Server.Features.Statuses.StatusSettingsDto(null, null),
            await admin.GetFromJsonAsync<Rolodesk.Server.Features.Statuses.StatusSettingsDto>("/api/v1/status-settings"));
    }
}
