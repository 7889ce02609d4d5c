using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>
/// One caller's request waiting for the group commit: a decision to take on the agent's state as
/// the batch finds it (after the changes queued before it), optionally after recording activity.
/// The caller awaits <see cref="Done"/>, completed after the batch's commit (and its events).
/// </summary>
internal sealed class PendingChange(int agentId, Func<AgentSnapshot, Plan?> decide, bool touch, int offline,
    TimeProvider time, IStatusEvents events, CancellationToken ct)
{
    public int AgentId => agentId;
    public Func<AgentSnapshot, Plan?> Decide => decide;
    public int Offline => offline;
    public TimeProvider Time => time;
    public IStatusEvents Events => events;
    public CancellationToken Cancellation => ct;
    public TaskCompletionSource<ChangeResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Record activity first (and report Unchanged without deciding when it is not newer); cleared once a touch committed.</summary>
    public bool Touch { get; set; } = touch;

    /// <summary>The agent's state as the caller read it (the sweep); cleared when the change goes again, which then reads.</summary>
    public KnownAgent? Known { get; set; }

    /// <summary>Batches that lost a race for this change so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Run in a batch of its own: set after a batch failed for a reason other than a lost race, to find the change that fails.</summary>
    public bool Alone { get; set; }

    /// <summary>What the current batch decided, published only if the batch commits and the agent's writes won.</summary>
    public ChangeResult? Result { get; set; }

    public StatusChanged? Event { get; set; }
}

/// <summary>One new interval of a batch; <see cref="Ended"/> is set when a later change of the same batch closes it.</summary>
internal sealed class NewInterval(Guid id, long sequence, int statusId, DateTimeOffset started, StatusSource? source, int? actor, string? reason, int? previous)
{
    public Guid Id => id;
    public long Sequence => sequence;
    public int StatusId => statusId;
    public DateTimeOffset Started => started;
    public DateTimeOffset? Ended { get; set; }
    public StatusSource? Source => source;
    public int? Actor => actor;
    public string? Reason => reason;
    public int? Previous => previous;
}

/// <summary>
/// Everything one batch does to one agent: the state read, the state after each change decided so
/// far (later changes of the same agent decide on it), and the writes that take the stored row
/// from the first to the last: one presence update checked against the version read, the end of
/// the interval open at the read and every interval the changes opened (all but the last closed).
/// </summary>
internal sealed class AgentWork(int agentId, DateTimeOffset createdAt, bool isAgent, AgentPresence? read, string name)
{
    public int AgentId => agentId;
    public string Name => name;
    public DateTimeOffset CreatedAt => createdAt;
    public bool IsAgent => isAgent;

    /// <summary>As read; null before the agent's first change.</summary>
    public AgentPresence? Read { get; } = read;

    /// <summary>As the changes decided so far leave it.</summary>
    public AgentPresence? Now { get; private set; } = read;

    public DateTimeOffset? TouchAt { get; private set; }
    public DateTimeOffset? ActiveAt { get; private set; }
    public DateTimeOffset? CloseReadAt { get; private set; }

    /// <summary>The move is written only if the agent's last activity is still at or before this (the earliest of the batch's plans).</summary>
    public DateTimeOffset? IdleUntil { get; private set; }
    public List<NewInterval> Intervals { get; } = [];

    /// <summary>After the write: nothing to write, or the version check passed (false: the changes go again on fresh state).</summary>
    public bool Won { get; set; }

    /// <summary>The presence row must be written (version moved).</summary>
    public bool Dirty => Now is not null && (Read is null || Now.Version != Read.Version);

    /// <summary>Activity: false when there is no presence row or it already has a later activity (nothing to do).</summary>
    public bool TryTouch(DateTimeOffset at)
    {
        if (Now is not { } p || p.LastActivityAt >= at) return false;
        Now = Copy(p, lastActivity: at);
        if (Read is not null) TouchAt = at;
        return true;
    }

    /// <summary>Choosing the rule's status deliberately forgets the status to return to (the version moves).</summary>
    public void Forget()
    {
        var p = Now!;
        Now = Copy(p, before: null, version: p.Version + 1);
    }

    /// <summary>Decides one change to <paramref name="plan"/> from <paramref name="current"/> at <paramref name="now"/> (never before the interval it closes).</summary>
    public StatusChanged Change(Plan plan, int current, DateTimeOffset now)
    {
        var next = Guid.CreateVersion7(now);
        if (plan.IdleUntil is { } idle && (IdleUntil is null || idle < IdleUntil)) IdleUntil = idle;
        var version = Now?.Version ?? 0;
        var before = plan.RememberBefore ? Now?.StatusBeforeInactivityId ?? current : (int?)null;
        var lastActivity = now;
        if (Now is null)
        {
            // The agent's first change: the Offline they had since creation becomes a closed interval.
            Intervals.Add(new NewInterval(Guid.CreateVersion7(CreatedAt), 0, current, CreatedAt < now ? CreatedAt : now, null, null, null, null) { Ended = now });
        }
        else
        {
            if (Intervals.Count > 0) Intervals[^1].Ended = now;
            else CloseReadAt = now;
            var active = plan.Source is StatusSource.Self or StatusSource.SignIn;
            if (active) ActiveAt = now;
            lastActivity = active && now > Now.LastActivityAt ? now : Now.LastActivityAt;
        }
        Intervals.Add(new NewInterval(next, version + 1, plan.StatusId, now, plan.Source, plan.ActorUserId, plan.Reason, current));
        Now = new AgentPresence
        {
            UserId = AgentId,
            StatusId = plan.StatusId,
            Since = now,
            OpenIntervalId = next,
            StatusBeforeInactivityId = before,
            LastActivityAt = lastActivity,
            Version = version + 1,
        };
        return new StatusChanged(AgentId, plan.StatusId, current, now, plan.Source, plan.ActorUserId, plan.Reason);
    }

    private static AgentPresence Copy(AgentPresence p, DateTimeOffset? lastActivity = null, int? before = -1, long? version = null) => new()
    {
        UserId = p.UserId,
        StatusId = p.StatusId,
        Since = p.Since,
        OpenIntervalId = p.OpenIntervalId,
        StatusBeforeInactivityId = before == -1 ? p.StatusBeforeInactivityId : before,
        LastActivityAt = lastActivity ?? p.LastActivityAt,
        Version = version ?? p.Version,
    };
}
