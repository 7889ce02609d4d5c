using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>
/// One pass of the inactivity rule: a single query on the last-activity index finds every agent
/// idle past the limit (not already in the rule's status nor Offline), and one transaction (one
/// round trip on PostgreSQL) moves them all, each agent's writes conditional on the version read.
/// An agent whose version moved meanwhile (a change, or another instance's sweep, which then
/// fired the rule first) is judged again on fresh state, so the rule fires exactly once per idle
/// period however many instances sweep.
/// </summary>
public sealed class InactivitySweep(RolodeskDbContext db, StatusChanger changer, SystemStatusIds system, IStatusEvents events, TimeProvider time)
{
    /// <summary>Returns how many agents the pass changed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var rule = await db.StatusSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        if (rule is not { InactivityMinutes: { } minutes, InactivityStatusId: { } target }) return 0;
        var offline = await system.OfflineAsync(db, ct);
        var now = time.GetUtcNow();
        var cutoff = now - TimeSpan.FromMinutes(minutes);
        var idle = await db.AgentPresence.AsNoTracking()
            .Where(p => p.LastActivityAt <= cutoff && p.StatusId != target && p.StatusId != offline)
            .Where(p => db.Users.Any(u => u.Id == p.UserId && u.Groups.Any(g => g.Kind == UserGroupKind.Agents)))
            .OrderBy(p => p.UserId) // one lock order for every sweeper: no deadlocks between instances
            .ToListAsync(ct);
        if (idle.Count == 0) return 0;

        var plan = new Plan(target, StatusSource.Inactivity, null, $"No activity for {minutes} min", RememberBefore: true);
        var at = idle.Select(p => p.Since > now ? p.Since : now).ToList();
        bool[] won;
        try
        {
            won = await changer.WriteManyAsync([.. idle.Select((p, k) => PresenceSql.Change(new AgentSnapshot(p.UserId, p.Since, p), plan, p.StatusId, at[k]))], ct);
        }
        catch (Exception e) when (Races.IsLostRace(e))
        {
            won = new bool[idle.Count]; // rolled back as a whole: everyone is judged again below
        }
        var changed = 0;
        for (var k = 0; k < idle.Count; k++)
        {
            var p = idle[k];
            if (won[k]) events.AgentChanged(new(p.UserId, target, p.StatusId, at[k], StatusSource.Inactivity, null, plan.Reason));
            else if (!await AgainAsync(p.UserId, plan, cutoff, offline, ct)) continue;
            changed++;
        }
        return changed;
    }

    private async Task<bool> AgainAsync(int agentId, Plan plan, DateTimeOffset cutoff, int offline, CancellationToken ct) =>
        (await changer.ApplyAsync(agentId, s => s.Presence is { } now
            && now.LastActivityAt <= cutoff && now.StatusId != plan.StatusId && now.StatusId != offline ? plan : null, ct, plan.StatusId)).Outcome == ChangeOutcome.Changed;
}

/// <summary>Runs the sweep on a timer of the app's <see cref="TimeProvider"/> (a fake clock in tests drives it).</summary>
public sealed class InactivitySweeper(IServiceScopeFactory scopes, TimeProvider time, IConfiguration config, ILogger<InactivitySweeper> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = config.GetValue<TimeSpan?>("Rolodesk:Statuses:SweepInterval") ?? TimeSpan.FromSeconds(15);
        using var timer = new PeriodicTimer(every, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var changed = await scope.ServiceProvider.GetRequiredService<InactivitySweep>().RunOnceAsync(stoppingToken);
                if (changed > 0) log.LogInformation("Inactivity rule changed {Count} agents", changed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failed pass (the database restarting, say) must not stop the rule for good.
                log.LogError(e, "Inactivity sweep failed");
            }
        }
    }
}
