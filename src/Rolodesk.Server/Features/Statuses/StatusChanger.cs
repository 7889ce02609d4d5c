using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>A requested change of one agent's status.</summary>
public sealed record StatusChange(int AgentId, int StatusId, StatusSource Source, int? ActorUserId = null, string? Reason = null);

public enum ChangeOutcome { Changed, Unchanged, NotAgent, UnknownStatus }

/// <summary>What a change did, and the agent's status afterwards (null when the user is not an agent).</summary>
public sealed record ChangeResult(ChangeOutcome Outcome, int? StatusId = null, DateTimeOffset? Since = null);

/// <summary>
/// The only writer of agents' statuses (API, UI, sign-in/out, inactivity): each change closes the
/// open interval, opens the next and moves the presence row in one SaveChanges (one transaction).
/// The presence row's Version makes it optimistic: a change that lost a race to another change
/// (this or another instance) re-reads the new state and decides again, so no change is lost and
/// the intervals stay back to back (ADR 0006).
/// </summary>
public sealed partial class StatusChanger(
    RolodeskDbContext db, SystemStatusIds system, IStatusEvents events, TimeProvider time, StatusWriteGate gate, ILogger<StatusChanger> log)
{
    /// <summary>Each retry follows a change that did commit, so even a crowd of writers gets through.</summary>
    private const int MaxAttempts = 100;

    /// <summary>Changes the status; to the status already held it is a no-op (no interval of zero information).</summary>
    public Task<ChangeResult> ChangeAsync(StatusChange change, CancellationToken ct = default) =>
        ApplyAsync(change.AgentId, _ => new Plan(change.StatusId, change.Source, change.ActorUserId, change.Reason), ct, change.StatusId);

    /// <summary>
    /// Records activity (an authenticated request or a UI heartbeat; callers throttle) and, when
    /// the inactivity rule set the current status, returns the agent to the status before it.
    /// The return is recorded with source inactivity: both ends of the idle period are the rule's doing.
    /// </summary>
    public async Task<ChangeResult> RecordActivityAsync(int userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using (await SessionAsync(ct))
        {
            if (await ExecuteAsync(new(PresenceSql.Touch, [PresenceSql.P("agent", userId), PresenceSql.P("now", now)]), null, ct) == 0)
                return new(ChangeOutcome.Unchanged);
        }
        return await ApplyAsync(userId, s => s.Presence?.StatusBeforeInactivityId is { } before
            ? new Plan(before, StatusSource.Inactivity, userId, "Active again") : null, ct);
    }

    /// <summary>
    /// Applies <paramref name="decide"/> to the agent's freshly read state, again after every lost
    /// race, so a conditional change (restore, inactivity, moving off a deleted status) is
    /// judged on the state it actually replaces. <paramref name="expected"/>: the status the plan
    /// will most likely name, checked in the same query as the state.
    /// </summary>
    internal async Task<ChangeResult> ApplyAsync(int agentId, Func<AgentSnapshot, Plan?> decide, CancellationToken ct, int expected = 0)
    {
        // Changes of one agent in this instance queue here rather than race on the version.
        using var agentTurn = await gate.AgentAsync(agentId, ct);
        var offline = await system.OfflineAsync(db, ct);
        await using var session = await SessionAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            var (snap, live) = await ReadAsync(agentId, expected, ct);
            if (snap is null) return new(ChangeOutcome.NotAgent);
            var current = snap.Presence?.StatusId ?? offline;
            var since = snap.Presence?.Since ?? snap.CreatedAt;
            if (decide(snap) is not { } plan) return new(ChangeOutcome.Unchanged, current, since);
            if (plan.StatusId != expected) (_, live) = await ReadAsync(agentId, plan.StatusId, ct);
            if (!live) return new(ChangeOutcome.UnknownStatus, current, since);
            if (plan.StatusId == current)
            {
                await ForgetRuleAsync(snap, plan, ct);
                return new(ChangeOutcome.Unchanged, current, since);
            }

            // Clocks of two instances may differ a little: never start before the interval being closed.
            var now = Max(time.GetUtcNow(), since);
            if (!await TryWriteAsync([PresenceSql.Change(snap, plan, current, now)], attempt, ct)) continue;
            events.AgentChanged(new(agentId, plan.StatusId, current, now, plan.Source, plan.ActorUserId, plan.Reason));
            return new(ChangeOutcome.Changed, plan.StatusId, now);
        }
    }

    /// <summary>False when the change lost a race (retry on fresh state); a lost race is expected, so it is only a debug line.</summary>
    private async Task<bool> TryWriteAsync(IReadOnlyList<Statement[]> change, int attempt, CancellationToken ct)
    {
        try
        {
            if ((await WriteAsync(change, ct))[0]) return true;
        }
        catch (Exception e) when (attempt < MaxAttempts && Races.IsLostRace(e))
        {
            log.LogDebug("A status change lost a race ({Error}); retrying on fresh state", e.Message);
            return false;
        }
        if (attempt >= MaxAttempts) throw new DbUpdateConcurrencyException($"A status change lost {MaxAttempts} races in a row.");
        log.LogDebug("A status change lost a race (version moved); retrying on fresh state");
        return false;
    }

    /// <summary>Choosing the rule's status deliberately makes it the agent's own: activity must not undo it.</summary>
    private async Task ForgetRuleAsync(AgentSnapshot snap, Plan plan, CancellationToken ct)
    {
        if (plan.Source == StatusSource.Inactivity || snap.Presence?.StatusBeforeInactivityId is null) return;
        await ExecuteAsync(new(PresenceSql.Forget, [PresenceSql.P("agent", snap.AgentId), PresenceSql.P("version", snap.Presence.Version)]), null, ct);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}

/// <summary>An agent as a change finds them; <see cref="Presence"/> is null until their first change.</summary>
public sealed record AgentSnapshot(int AgentId, DateTimeOffset CreatedAt, AgentPresence? Presence);

/// <summary>What a change will do. <see cref="RememberBefore"/>: the inactivity rule keeps the status to return to.</summary>
public sealed record Plan(int StatusId, StatusSource Source, int? ActorUserId, string? Reason, bool RememberBefore = false);
