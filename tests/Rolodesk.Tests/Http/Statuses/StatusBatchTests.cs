using Microsoft.Extensions.DependencyInjection;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Statuses;
using Rolodesk.Tests.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// The group commit's batches (ADR 0006) with many agents at once: several changes of one agent in the same
/// batch, ids that are no agents among them, and the sweep's batches that decide on the state its query read.
/// </summary>
[Collection(StatusesCollection.Name)]
public sealed class StatusBatchTests(StatusesApp app)
{
    [Fact]
    public async Task One_batch_of_many_agents_each_named_three_times_records_every_change_in_order()
    {
        using var admin = await app.Api.AdminAsync();
        var targets = await TargetsAsync(admin);
        var agents = new List<Caller>();
        for (var k = 0; k < 16; k++) agents.Add(await app.Api.AgentAsync());
        var client = await app.Api.ClientAsync();

        // Submitted together, so they meet in one batch: every agent three times (each change decides on the
        // one before it in memory), plus a user who is no agent and an id nobody has.
        var changes = new List<(int AgentId, Func<AgentSnapshot, Plan?> Decide)>();
        for (var round = 0; round < 3; round++)
            foreach (var (agent, a) in agents.Select((agent, a) => (agent, a)))
            {
                var (status, reason) = (targets[(a + round) % 3], $"b{a}-{round}");
                changes.Add((agent.User.Id, _ => new Plan(status, StatusSource.Api, null, reason)));
            }
        changes.Add((client.User.Id, _ => new Plan(targets[0], StatusSource.Api, null, "client")));
        changes.Add((int.MaxValue, _ => new Plan(targets[0], StatusSource.Api, null, "nobody")));

        var results = await app.InScopeAsync(sp => sp.GetRequiredService<StatusChanger>().ApplyManyAsync(changes, CancellationToken.None));

        Assert.All(results[..^2], r => Assert.Equal(ChangeOutcome.Changed, r.Outcome));
        Assert.Equal(new[] { ChangeOutcome.NotAgent, ChangeOutcome.NotAgent }, results[^2..].Select(r => r.Outcome));
        foreach (var (agent, a) in agents.Select((agent, a) => (agent, a)))
        {
            var intervals = await app.AssertInvariantAsync(agent.User.Id);
            Assert.Equal(new[] { $"b{a}-0", $"b{a}-1", $"b{a}-2" }, intervals.TakeLast(3).Select(i => i.Reason));
            Assert.Equal(targets[(a + 2) % 3], intervals[^1].StatusId);
        }
        Assert.Null((await app.StoredAsync(client.User.Id)).Presence);
    }

    [Fact]
    public async Task A_batch_of_long_reasons_with_escaped_characters_records_each_reason_exactly()
    {
        using var admin = await app.Api.AdminAsync();
        var targets = await TargetsAsync(admin);
        var agents = new List<Caller>();
        for (var k = 0; k < 12; k++) agents.Add(await app.Api.AgentAsync());

        // Reasons at the limit with characters JSON escapes (quotes, backslashes, accents, the euro sign): on SQLite
        // the batch's new intervals take several parameter documents, executed one after the other.
        static string Reason(int a, int round)
        {
            var text = $"{a}-{round}: " + string.Concat(Enumerable.Repeat("Ré \"€\\ ", 100));
            return text[..StatusRules.MaxReason];
        }
        var changes = new List<(int AgentId, Func<AgentSnapshot, Plan?> Decide)>();
        for (var round = 0; round < 4; round++)
            foreach (var (agent, a) in agents.Select((agent, a) => (agent, a)))
            {
                var (status, reason) = (targets[(a + round) % 3], Reason(a, round));
                changes.Add((agent.User.Id, _ => new Plan(status, StatusSource.Api, null, reason)));
            }

        var results = await app.InScopeAsync(sp => sp.GetRequiredService<StatusChanger>().ApplyManyAsync(changes, CancellationToken.None));

        Assert.All(results, r => Assert.Equal(ChangeOutcome.Changed, r.Outcome));
        foreach (var (agent, a) in agents.Select((agent, a) => (agent, a)))
        {
            var intervals = await app.AssertInvariantAsync(agent.User.Id);
            Assert.Equal(Enumerable.Range(0, 4).Select(round => Reason(a, round)), intervals.TakeLast(4).Select(i => i.Reason));
            Assert.Equal(targets[(a + 3) % 3], intervals[^1].StatusId);
        }
    }

    [Fact]
    public async Task The_sweep_decides_on_the_state_its_query_read_and_writes_only_if_it_still_holds()
    {
        using var admin = await app.Api.AdminAsync();
        var onHold = await StatusApi.IdAsync(admin, SystemStatuses.OnHold);
        var (stillActive, idle, moved) = (await app.Api.AgentAsync(), await app.Api.AgentAsync(), await app.Api.AgentAsync());
        var now = app.Clock.GetUtcNow();
        var before = new Dictionary<int, int>();
        foreach (var agent in new[] { stillActive, idle, moved }) before[agent.User.Id] = (await app.AssertInvariantAsync(agent.User.Id)).Count;

        // As the sweep hands its query's rows over: the first agent's row says idle, but they were active since
        // (activity moves no version); the second's is current; the third's version moved since it was read.
        var known = new Dictionary<int, KnownAgent>();
        foreach (var agent in new[] { stillActive, idle, moved })
        {
            var presence = (await app.StoredAsync(agent.User.Id)).Presence!;
            if (agent == stillActive) presence.LastActivityAt = now.AddHours(-1);
            if (agent == moved) presence.Version--;
            known[agent.User.Id] = new KnownAgent(now.AddDays(-1), "agent", presence);
        }
        // The rule's limit: an hour ago for the one who was active since, now for the others (their sign-in is not later).
        Func<AgentSnapshot, Plan?> Rule(DateTimeOffset cutoff) => s => s.Presence is { } p && p.LastActivityAt <= cutoff && p.StatusId != onHold
            ? new Plan(onHold, StatusSource.Inactivity, null, "test sweep", RememberBefore: true, IdleUntil: cutoff) : null;
        var results = await app.InScopeAsync(sp => sp.GetRequiredService<StatusChanger>().ApplyManyAsync(
        [
            (stillActive.User.Id, Rule(now.AddMinutes(-30)), known[stillActive.User.Id]),
            (idle.User.Id, Rule(now), known[idle.User.Id]),
            (moved.User.Id, Rule(now), known[moved.User.Id]),
        ], CancellationToken.None));

        // Written where the condition held on the stored row, exactly once; the active agent kept their status.
        Assert.Equal(new[] { ChangeOutcome.Unchanged, ChangeOutcome.Changed, ChangeOutcome.Changed }, results.Select(r => r.Outcome));
        Assert.Equal(before[stillActive.User.Id], (await app.AssertInvariantAsync(stillActive.User.Id)).Count);
        Assert.NotEqual(onHold, (await app.StoredAsync(stillActive.User.Id)).Presence!.StatusId);
        foreach (var agent in new[] { idle, moved })
        {
            var intervals = await app.AssertInvariantAsync(agent.User.Id);
            Assert.Equal(before[agent.User.Id] + 1, intervals.Count);
            Assert.Equal((onHold, "test sweep"), (intervals[^1].StatusId, intervals[^1].Reason));
        }
    }

    /// <summary>Three statuses an agent can change between (Online is what sign-in gives, so it is not the first).</summary>
    private static async Task<List<int>> TargetsAsync(HttpClient admin)
    {
        var online = await StatusApi.IdAsync(admin, SystemStatuses.Online);
        var ids = (await StatusApi.ListAsync(admin)).Where(s => s.IsDefault && s.Id != online).Select(s => s.Id).ToList();
        while (ids.Count < 3) ids.Add((await StatusApi.CreateAsync(admin)).Id);
        return [.. ids.Take(3)];
    }
}
