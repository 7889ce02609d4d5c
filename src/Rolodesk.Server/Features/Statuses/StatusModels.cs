using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

public sealed record StatusResponse(int Id, string Name, string Color, int Position, bool AcceptsRequests, string? SystemKey)
{
    /// <summary>Online, On hold and Offline: renameable, never deletable.</summary>
    public bool IsDefault => SystemKey is not null;

    public static StatusResponse From(Status s) => new(s.Id, s.Name, s.Color, s.Position, s.AcceptsRequests, s.SystemKey);
}

/// <summary>Create needs name and color; on update a missing member keeps its value.</summary>
public sealed record StatusRequest(string? Name, string? Color, bool? AcceptsRequests);

public sealed record StatusOrderRequest(List<int>? Ids);

/// <summary>The inactivity rule: both null = off; otherwise after <c>InactivityMinutes</c> (≥ 1) change to <c>InactivityStatusId</c>.</summary>
public sealed record StatusSettingsDto(int? InactivityMinutes, int? InactivityStatusId);

/// <summary><c>Source</c> only on /agents/{id}/status: analytics, omni or api (the default).</summary>
public sealed record StatusChangeRequest(int? StatusId, string? Reason, string? Source);

/// <summary>An agent's current status, with what a page needs to draw the dot.</summary>
public sealed record AgentStatusResponse(int AgentId, string Name, int StatusId, string StatusName, string Color, bool AcceptsRequests, DateTimeOffset Since);

/// <summary>
/// One interval of the history. <c>Ended</c> null: the current one. <c>Source</c> null: the
/// Offline an agent had from creation to their first change; <c>Id</c> null: that interval
/// before any change (it is not stored until then).
/// </summary>
public sealed record StatusIntervalResponse(
    Guid? Id, int StatusId, string StatusName, string Color, DateTimeOffset Started, DateTimeOffset? Ended,
    string? Source, int? ActorUserId, string? ActorName, string? Reason, int? PreviousStatusId, string? PreviousStatusName);

/// <summary>The source names of the API and the history ("sign-in", not "SignIn").</summary>
public static class StatusSources
{
    private static readonly Dictionary<StatusSource, string> Keys = new()
    {
        [StatusSource.Self] = "self",
        [StatusSource.Analytics] = "analytics",
        [StatusSource.Omni] = "omni",
        [StatusSource.Inactivity] = "inactivity",
        [StatusSource.SignIn] = "sign-in",
        [StatusSource.SignOut] = "sign-out",
        [StatusSource.Api] = "api",
    };

    public static string Key(StatusSource source) => Keys[source];

    public static StatusSource? Parse(string? key) =>
        Keys.FirstOrDefault(k => string.Equals(k.Value, key, StringComparison.OrdinalIgnoreCase)) is { Value: not null } hit ? hit.Key : null;
}
