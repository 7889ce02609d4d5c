using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
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
public sealed partial class StatusChanger(RolodeskDbContext db, SystemStatusIds system, IStatusEvents events, TimeProvider time)
{
    /// <summary>Each retry follows a change that did commit, so even a crowd of writers gets through.</summary>
    private const int MaxAttempts = 100;

    /// <summary>Changes the status; to the status already held it is a no-op (no interval of zero information).</summary>
    public Task<ChangeResult> ChangeAsync(StatusChange change, CancellationToken ct = default) =>
        ApplyAsync(change.AgentId, _ => new Plan(change.StatusId, change.Source, change.ActorUserId, change.Reason), ct);

    /// <summary>
    /// Records activity (an authenticated request or a UI heartbeat; callers throttle) and, when
    /// the inactivity rule set the current status, returns the agent to the status before it.
    /// The return is recorded with source inactivity: both ends of the idle period are the rule's doing.
    /// </summary>
    public async Task<ChangeResult> RecordActivityAsync(int userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var touched = await db.AgentPresence.Where(p => p.UserId == userId && p.LastActivityAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastActivityAt, now), ct);
        if (touched == 0) return new(ChangeOutcome.Unchanged);
        return await ApplyAsync(userId, s => s.Presence?.StatusBeforeInactivityId is { } before
            ? new Plan(before, StatusSource.Inactivity, userId, "Active again") : null, ct);
    }

    /// <summary>
    /// Applies <paramref name="decide"/> to the agent's freshly read state, again after every lost
    /// race, so a conditional change (restore, inactivity, moving off a deleted status) is
    /// judged on the state it actually replaces.
    /// </summary>
    internal async Task<ChangeResult> ApplyAsync(int agentId, Func<AgentSnapshot, Plan?> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var snap = await LoadAsync(agentId, ct);
            if (snap is null) return new(ChangeOutcome.NotAgent);
            var current = snap.Presence?.StatusId ?? await system.OfflineAsync(db, ct);
            var since = snap.Presence?.Since ?? snap.CreatedAt;
            if (decide(snap) is not { } plan) return new(ChangeOutcome.Unchanged, current, since);
            if (!await db.Statuses.AnyAsync(s => s.Id == plan.StatusId && s.DeletedAt == null, ct))
                return new(ChangeOutcome.UnknownStatus, current, since);
            if (plan.StatusId == current)
            {
                await ForgetRuleAsync(snap, plan, ct);
                return new(ChangeOutcome.Unchanged, current, since);
            }

            // Clocks of two instances may differ a little: never start before the interval being closed.
            var now = Max(time.GetUtcNow(), since);
            Stage(snap, plan, current, now);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && Races.IsLostRace(e))
            {
                continue;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
            events.AgentChanged(new(agentId, plan.StatusId, current, now, plan.Source, plan.ActorUserId, plan.Reason));
            return new(ChangeOutcome.Changed, plan.StatusId, now);
        }
    }

    /// <summary>The agent's state, or null when the user does not exist or is not in an Agents group.</summary>
    private async Task<AgentSnapshot?> LoadAsync(int agentId, CancellationToken ct)
    {
        var row = await (
                from u in db.Users.AsNoTracking()
                where u.Id == agentId
                join p in db.AgentPresence.AsNoTracking() on u.Id equals p.UserId into ps
                from p in ps.DefaultIfEmpty()
                select new { IsAgent = u.Groups.Any(g => g.Kind == UserGroupKind.Agents), u.CreatedAt, Presence = p })
            .SingleOrDefaultAsync(ct);
        return row is { IsAgent: true } ? new AgentSnapshot(agentId, row.CreatedAt, row.Presence) : null;
    }

    /// <summary>Choosing the rule's status deliberately makes it the agent's own: activity must not undo it.</summary>
    private async Task ForgetRuleAsync(AgentSnapshot snap, Plan plan, CancellationToken ct)
    {
        if (plan.Source == StatusSource.Inactivity || snap.Presence?.StatusBeforeInactivityId is null) return;
        var seen = snap.Presence.Version;
        await db.AgentPresence.Where(p => p.UserId == snap.AgentId && p.Version == seen)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.StatusBeforeInactivityId, (int?)null).SetProperty(p => p.Version, seen + 1), ct);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}

/// <summary>An agent as a change finds them; <see cref="Presence"/> is null until their first change.</summary>
public sealed record AgentSnapshot(int AgentId, DateTimeOffset CreatedAt, AgentPresence? Presence);

/// <summary>What a change will do. <see cref="RememberBefore"/>: the inactivity rule keeps the status to return to.</summary>
public sealed record Plan(int StatusId, StatusSource Source, int? ActorUserId, string? Reason, bool RememberBefore = false);
