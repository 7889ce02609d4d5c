using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>
/// One pass of the inactivity rule: a single query on the last-activity index finds every agent
/// idle past the limit (not already in the rule's status nor Offline), then all of them go to the
/// group commit at once: one read of their state and one set-based write for any number of
/// agents. Each agent's decision is taken again on the state the batch reads, and written only if
/// their version did not move meanwhile (a change, or another instance's sweep, which then fired
/// the rule first); a lost race is judged again on fresh state, so the rule fires exactly once per
/// idle period however many instances sweep.
/// </summary>
public sealed class InactivitySweep(RolodeskDbContext db, StatusChanger changer, SystemStatusIds system, TimeProvider time)
{
    /// <summary>Returns how many agents the pass changed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var rule = await db.StatusSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        if (rule is not { InactivityMinutes: { } minutes, InactivityStatusId: { } target }) return 0;
        var offline = await system.OfflineAsync(db, ct);
        var cutoff = time.GetUtcNow() - TimeSpan.FromMinutes(minutes);
        var idle = await DueAsync(cutoff, target, offline, ct);
        if (idle.Count == 0) return 0;

        // Activity moves no version: the write checks the agent is still idle (else the change goes again on a fresh read).
        var plan = new Plan(target, StatusSource.Inactivity, null, $"No activity for {minutes} min", RememberBefore: true, IdleUntil: cutoff);
        Plan? Decide(AgentSnapshot s) => s.Presence is { } p && p.LastActivityAt <= cutoff && p.StatusId != target && p.StatusId != offline ? plan : null;
        var results = await changer.ApplyManyAsync([.. idle.Select(a => (a.AgentId, (Func<AgentSnapshot, Plan?>)Decide, a.Known))], ct);
        return results.Count(r => r.Outcome == ChangeOutcome.Changed);
    }

    /// <summary>The due agents with their state as read here (handed to the batch so it does not read them again).</summary>
    private async Task<List<(int AgentId, KnownAgent Known)>> DueAsync(DateTimeOffset cutoff, int target, int offline, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = PresenceSql.Due;
            PresenceSql.Add(cmd, "@cutoff", cutoff.ToUnixTimeMilliseconds());
            PresenceSql.Add(cmd, "@target", target);
            PresenceSql.Add(cmd, "@offline", offline);
            PresenceSql.Add(cmd, "@kind", PresenceSql.KindAgents);
            var due = new List<(int, KnownAgent)>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var id = r.GetInt32(0);
                due.Add((id, new KnownAgent(PresenceSql.Time(r, 1), r.GetString(9), PresenceSql.Presence(id, r)!)));
            }
            return due;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
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
