using Rolodesk.Server.Features.Access;

namespace Rolodesk.Server.Features.Statuses.Live;

/// <summary>What a change looks like on the wire. Fields a receiver may not read are null.</summary>
public sealed record StatusChangedMessage(
    int AgentId, int StatusId, DateTimeOffset Since, int? PreviousStatusId, string? Source, int? ActorUserId, string? Reason);

/// <summary>
/// Who may see which change, mirroring the API: the history (with source, actor and reason) is
/// readable with contacts.view and by the agent themself; /agents (current status and since)
/// with any right of the Agents pages. Everybody else only hears about their own status.
/// </summary>
public static class LiveAudience
{
    public const string History = "statuses:history";
    public const string Board = "statuses:board";

    private static readonly string[] BoardRights =
        [Permissions.AnalyticsAgentsStatus, Permissions.OmniAgentsStatus, Permissions.AnalyticsView, Permissions.OmniView];

    public static string Self(int userId) => $"statuses:self:{userId}";

    public static string GroupOf(UserAccess access) =>
        access.Has(Permissions.ContactsView) ? History
        : BoardRights.Any(access.Has) ? Board
        : Self(access.UserId);

    public static StatusChangedMessage Full(StatusChanged c) =>
        new(c.AgentId, c.StatusId, c.Since, c.PreviousStatusId, StatusSources.Key(c.Source), c.ActorUserId, c.Reason);

    /// <summary>What /agents shows: the current status and since when.</summary>
    public static StatusChangedMessage Current(StatusChanged c) => new(c.AgentId, c.StatusId, c.Since, null, null, null, null);
}
