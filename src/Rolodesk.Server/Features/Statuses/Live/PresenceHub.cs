using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Rolodesk.Server.Features.Access;

namespace Rolodesk.Server.Features.Statuses.Live;

/// <summary>
/// /hubs/presence: pushes committed status changes (<c>StatusChanged</c>) and changes of the list
/// of statuses or of the inactivity rule (<c>CatalogChanged</c>) to signed-in users, and takes
/// heartbeats from clients that are not the Blazor app. Cookie or bearer token (header, or the
/// <c>access_token</c> query that browsers' WebSockets need). Each connection joins exactly one
/// audience when it connects (<see cref="LiveAudience"/>), so nobody gets a change twice and
/// nobody gets more than the API would show them. Rights are read at connect time: a client
/// whose rights change sees the new audience on its next connection.
/// </summary>
[Authorize]
public sealed class PresenceHub(PermissionService permissions, ActivityTracker activity) : Hub
{
    public const string Path = "/hubs/presence";

    public override async Task OnConnectedAsync()
    {
        var access = await permissions.GetAsync(Context.User!, Context.ConnectionAborted);
        if (access is null)
        {
            Context.Abort(); // a token of a deleted user
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveAudience.GroupOf(access), Context.ConnectionAborted);
        if (access.IsAgent) // requests assigned to or taken from this agent (Distribution)
            await Groups.AddToGroupAsync(Context.ConnectionId, Distribution.RequestPush.AgentGroup(access.UserId), Context.ConnectionAborted);
        if (access.IsAgent || access.Has(Permissions.RequestsDistributionManage)) // who may list requests hears that they changed
            await Groups.AddToGroupAsync(Context.ConnectionId, Distribution.RequestPush.WatchGroup, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    /// <summary>User input in a client (throttled there): counts as activity, like an API request.</summary>
    public async Task Heartbeat()
    {
        if (int.TryParse(Context.User?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
            await activity.TouchAsync(userId, Context.ConnectionAborted);
    }
}
