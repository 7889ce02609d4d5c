using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>One committed change of an agent's status, as live pages need it.</summary>
public sealed record StatusChanged(
    int AgentId, int StatusId, int? PreviousStatusId, DateTimeOffset Since, StatusSource Source, int? ActorUserId, string? Reason);

/// <summary>
/// Where committed changes go after the transaction: the SignalR hub (and Blazor pages in this
/// process) subscribe here. Publishing happens after commit, so a subscriber never sees a change
/// that was rolled back; it must not throw or block.
/// </summary>
public interface IStatusEvents
{
    void AgentChanged(StatusChanged change);

    /// <summary>A status was added, edited, reordered or deleted, or the inactivity rule changed.</summary>
    void CatalogChanged();
}

/// <summary>In-process fan-out: subscribers get every event of this instance (a backplane is the hub's business).</summary>
public sealed class InProcessStatusEvents(ILogger<InProcessStatusEvents> log) : IStatusEvents
{
    public event Action<StatusChanged>? Changed;
    public event Action? Catalog;

    public void AgentChanged(StatusChanged change) => Raise(() => Changed?.Invoke(change));

    public void CatalogChanged() => Raise(() => Catalog?.Invoke());

    private void Raise(Action raise)
    {
        // A faulty subscriber must not turn a committed change into an error for the caller.
        try { raise(); }
        catch (Exception e) { log.LogError(e, "A status event subscriber failed"); }
    }
}
