using System.Text.Json;

namespace Rolodesk.Server.Features.ContactFields;

public sealed record FieldGroupRequest(string? Name, string? Target, List<int>? UserGroupIds);

public sealed record FieldGroupResponse(
    int Id, string Name, string Target, int Position, IReadOnlyList<int> UserGroupIds,
    DateTimeOffset? ArchivedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A field group with its fields in order, as a card or the settings page needs it.</summary>
public sealed record FieldGroupDetail(
    int Id, string Name, string Target, int Position, IReadOnlyList<int> UserGroupIds,
    DateTimeOffset? ArchivedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<FieldResponse> Fields);

public sealed record FieldAccessEntry(int? UserGroupId, string? Level);

/// <summary>
/// A custom field definition to create or replace. <see cref="Settings"/> and
/// <see cref="DefaultValue"/> are raw JSON: an absent property is <c>Undefined</c>, which a PUT
/// reads as "unchanged", and a JSON null clears. Absent lists on a PUT are unchanged too.
/// </summary>
public sealed record FieldRequest(
    string? Key, string? Name, int? FieldGroupId, string? Type,
    JsonElement Settings, JsonElement DefaultValue, List<FieldAccessEntry>? Access);

public sealed record FieldAccessResponse(int UserGroupId, string Level);

public sealed record FieldResponse(
    int Id, string Key, string Name, string Target, int FieldGroupId, int Position, string Type,
    JsonElement Settings, JsonElement? DefaultValue, IReadOnlyList<FieldAccessResponse> Access,
    DateTimeOffset? ArchivedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The new order of a target's live field groups: every one of them, exactly once.</summary>
public sealed record GroupOrderRequest(string? Target, List<int>? Ids);

/// <summary>The new order of a field group's live fields: every one of them, exactly once.</summary>
public sealed record FieldOrderRequest(int? FieldGroupId, List<int>? Ids);

public sealed record FieldTypeResponse(string Key, string DisplayName, bool SupportsDefault, IReadOnlyList<string> FilterOperators);

public sealed record KeyProposal(string Key);

public sealed record ContactFieldAuditResponse(
    long Id, DateTimeOffset At, int? ActorUserId, string? ActorName, string Entity, int? EntityId, string Action,
    JsonElement? Before, JsonElement? After);
