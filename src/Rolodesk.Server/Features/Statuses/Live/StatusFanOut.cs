using Microsoft.AspNetCore.SignalR;

namespace Rolodesk.Server.Features.Statuses.Live;

/// <summary>
/// The <see cref="IStatusEvents"/> the writers publish to, on the instance where the change
/// committed: this instance's pages (<see cref="InProcessStatusEvents"/>), the hub's clients (on
/// every instance through the SignalR backplane when there is one) and, with Redis, the other
/// instances' pages through <see cref="RedisStatusRelay"/>. Sending to the hub only from the
/// origin is what keeps clients from getting a change once per instance.
/// </summary>
public sealed class StatusFanOut(
    InProcessStatusEvents local, IHubContext<PresenceHub> hub, ILogger<StatusFanOut> log, RedisStatusRelay? relay = null) : IStatusEvents
{
    public void AgentChanged(StatusChanged change)
    {
        local.AgentChanged(change);
        var full = LiveAudience.Full(change);
        Send(hub.Clients.Groups(LiveAudience.History, LiveAudience.Self(change.AgentId)).SendAsync("StatusChanged", full));
        Send(hub.Clients.Group(LiveAudience.Board).SendAsync("StatusChanged", LiveAudience.Current(change)));
        relay?.Publish(change);
    }

    public void CatalogChanged()
    {
        local.CatalogChanged();
        // Every signed-in user may read /statuses and /status-settings; the hub has no one else.
        Send(hub.Clients.All.SendAsync("CatalogChanged"));
        relay?.Publish(null);
    }

    /// <summary>Publishing must not block the writer nor fail a change that committed.</summary>
    private void Send(Task sending) => _ = ObserveAsync(sending);

    private async Task ObserveAsync(Task sending)
    {
        try { await sending; }
        catch (Exception e) { log.LogError(e, "Pushing a status event to hub clients failed"); }
    }
}
