namespace Rolodesk.Server.Features.Distribution;

public sealed record CreateRequestBody(string? Subject, int? ClientUserId, string? Channel);

public sealed record ReassignBody(int? AgentId, string? Reason);

public sealed record CloseBody(string? Reason);

public sealed record RequestResponse(
    long Id, string Subject, int ClientUserId, string? ClientName, string Channel, string State,
    int? AgentId, string? AgentName, DateTimeOffset CreatedAt, DateTimeOffset? AssignedAt,
    DateTimeOffset? FirstResponseAt, DateTimeOffset? ClosedAt);

public sealed record AssignmentEntry(string Event, int? AgentId, string? AgentName, string Reason, int? ActorUserId, DateTimeOffset At);

public sealed record RequestDetails(RequestResponse Request, IReadOnlyList<AssignmentEntry> History);

public sealed record AgentCapacity(int AgentId, int Capacity);

/// <summary>PUT /distribution-settings. Capacities null = keep the per-agent overrides; a list replaces them all.</summary>
public sealed record DistributionSettingsBody(
    bool? Enabled, string? Method, int? DefaultCapacity, List<int>? AgentGroupIds, bool? ReturnUnansweredOnLeave, List<AgentCapacity>? Capacities);

public sealed record DistributionSettingsResponse(
    bool Enabled, string Method, int DefaultCapacity, IReadOnlyList<int> AgentGroupIds, bool ReturnUnansweredOnLeave, IReadOnlyList<AgentCapacity> Capacities);

/// <summary>What an agent gets on the hub when a request is assigned to them or taken from them.</summary>
public sealed record RequestAssignedMessage(long RequestId, string Subject, string Channel, string Event, string Reason, DateTimeOffset At);

/// <summary>One agent's load for the Agents pages: open requests and capacity.</summary>
public sealed record AgentLoadInfo(int Open, int Capacity);
