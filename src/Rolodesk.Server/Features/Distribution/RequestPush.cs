using Microsoft.AspNetCore.SignalR;
using Rolodesk.Data.Requests;
using Rolodesk.Server.Features.Statuses.Live;

namespace Rolodesk.Server.Features.Distribution;

/// <summary>
/// Tells about committed changes of requests (created, assigned, returned, closed): the agent
/// concerned through the hub (<c>RequestAssigned</c>, <c>RequestReturned</c> on /hubs/presence, to the
/// agent's own requests group, which every agent's connection joins), every hub client that may read
/// requests (<c>RequestsChanged</c> to <see cref="WatchGroup"/>; the backplane carries both to clients
/// of every instance), this instance's pages through <see cref="Changed"/> and, through
/// <see cref="RequestPushRelay"/>, the other instances' pages. Like status events, this happens after
/// commit, only on the instance where the change committed, and never fails the write.
/// </summary>
public sealed class RequestPush(IHubContext<PresenceHub> hub, RequestPushRelay relay, ILogger<RequestPush> log)
{
    /// <summary>Hub connections of agents and of holders of requests.distribution.manage: who may list requests.</summary>
    public const string WatchGroup = "requests:watch";

    public static string AgentGroup(int agentId) => $"requests:agent:{agentId}";

    /// <summary>Something about requests changed (pages re-read their lists and loads).</summary>
    public event Action? Changed;

    public void Moved(IReadOnlyList<RequestMove> moves)
    {
        foreach (var m in moves)
        {
            var name = m.Event is AssignmentEventKind.Assign or AssignmentEventKind.Reassign ? "RequestAssigned" : "RequestReturned";
            var message = new RequestAssignedMessage(m.RequestId, m.Subject, m.Channel, RequestText.Event(m.Event), m.Reason, m.At);
            _ = ObserveAsync(hub.Clients.Group(AgentGroup(m.AgentId)).SendAsync(name, message));
        }
        Touched();
    }

    public void Touched()
    {
        RaiseLocal();
        _ = ObserveAsync(hub.Clients.Group(WatchGroup).SendAsync("RequestsChanged"));
        relay.Publish();
    }

    /// <summary>Tells this instance's pages only (a change relayed from another instance).</summary>
    public void RaiseLocal()
    {
        try { Changed?.Invoke(); }
        catch (Exception e) { log.LogError(e, "A request event subscriber failed"); }
    }

    private async Task ObserveAsync(Task sending)
    {
        try { await sending; }
        catch (Exception e) { log.LogError(e, "Pushing a request event to hub clients failed"); }
    }
}

public static class RequestText
{
    public static string State(RequestState s) => s switch
    {
        RequestState.Queued => "queued",
        RequestState.Assigned => "assigned",
        _ => "closed",
    };

    public static RequestState? ParseState(string? s) => s switch
    {
        "queued" => RequestState.Queued,
        "assigned" => RequestState.Assigned,
        "closed" => RequestState.Closed,
        _ => null,
    };

    public static string Event(AssignmentEventKind e) => e switch
    {
        AssignmentEventKind.Assign => "assign",
        AssignmentEventKind.Return => "return",
        AssignmentEventKind.Reassign => "reassign",
        _ => "close",
    };

    public static string Method(DistributionMethod m) => m == DistributionMethod.LeastLoaded ? "leastLoaded" : "roundRobin";

    public static DistributionMethod? ParseMethod(string? s) => s switch
    {
        "roundRobin" => DistributionMethod.RoundRobin,
        "leastLoaded" => DistributionMethod.LeastLoaded,
        _ => null,
    };
}
