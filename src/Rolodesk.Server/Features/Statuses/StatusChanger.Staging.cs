using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

public sealed partial class StatusChanger
{
    /// <summary>
    /// Tracks the writes of one change without saving: the presence row (checked against the
    /// version read), the end of the open interval and the new one. Also used, many agents at a
    /// time, by the inactivity sweep so a pass is one SaveChanges.
    /// </summary>
    internal void Stage(AgentSnapshot snap, Plan plan, int current, DateTimeOffset now)
    {
        var next = new StatusInterval
        {
            Id = Guid.CreateVersion7(now),
            AgentId = snap.AgentId,
            Sequence = (snap.Presence?.Version ?? 0) + 1,
            StatusId = plan.StatusId,
            Started = now,
            Source = plan.Source,
            ActorUserId = plan.ActorUserId,
            Reason = plan.Reason,
            PreviousStatusId = current,
        };
        db.StatusIntervals.Add(next);
        var activeNow = plan.Source is StatusSource.Self or StatusSource.SignIn;

        if (snap.Presence is not { } presence)
        {
            // The first change: the Offline the agent had since creation becomes a closed interval,
            // so history covers the agent's whole life without gaps.
            db.StatusIntervals.Add(new StatusInterval
            {
                Id = Guid.CreateVersion7(snap.CreatedAt),
                AgentId = snap.AgentId,
                StatusId = current,
                Started = snap.CreatedAt < now ? snap.CreatedAt : now,
                Ended = now,
            });
            db.AgentPresence.Add(new AgentPresence
            {
                UserId = snap.AgentId,
                StatusId = plan.StatusId,
                Since = now,
                OpenIntervalId = next.Id,
                StatusBeforeInactivityId = plan.RememberBefore ? current : null,
                LastActivityAt = now,
                Version = 1,
            });
            return;
        }

        var row = new AgentPresence { UserId = presence.UserId, Version = presence.Version, StatusId = presence.StatusId, OpenIntervalId = presence.OpenIntervalId };
        db.AgentPresence.Attach(row);
        row.StatusId = plan.StatusId;
        row.Since = now;
        row.OpenIntervalId = next.Id;
        row.StatusBeforeInactivityId = plan.RememberBefore ? presence.StatusBeforeInactivityId ?? current : null;
        db.Entry(row).Property(p => p.Since).IsModified = true;
        db.Entry(row).Property(p => p.StatusBeforeInactivityId).IsModified = true;
        if (activeNow)
        {
            row.LastActivityAt = now;
            db.Entry(row).Property(p => p.LastActivityAt).IsModified = true;
        }
        row.Version = presence.Version + 1;

        var open = new StatusInterval { Id = presence.OpenIntervalId };
        db.StatusIntervals.Attach(open);
        open.Ended = now;
    }
}

/// <summary>Recognises the failures that only mean "someone else changed this first": retry on fresh state.</summary>
internal static class Races
{
    public static bool IsLostRace(Exception e) => e switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } } => true,
        DbUpdateException { InnerException: PostgresException { SqlState: "23505" or "40001" or "40P01" } } => true,
        _ => false,
    };
}
