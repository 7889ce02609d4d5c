using System.Text.Json;

namespace Rolodesk.Server.Features.Contacts;

public sealed record GroupRef(int Id, string Name, string Kind);
public sealed record CompanyRef(int Id, string Name);

public sealed record UserResponse(
    int Id, string Name, string? Email, string? Phone, CompanyRef? Company, IReadOnlyList<GroupRef> Groups,
    bool IsAgent, bool CanSignIn, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    CustomFieldValues? CustomFields = null);

/// <summary>
/// Create or replace a user's card. On update, a null <c>GroupIds</c> or <c>Password</c> leaves them unchanged.
/// <c>CustomFields</c> sets the values it names (a JSON null clears one) and keeps the others; on
/// create, applicable fields not named get their default value.
/// </summary>
public sealed record UserRequest(
    string? Name, string? Email, string? Phone, int? CompanyId, List<int>? GroupIds, string? Password,
    Dictionary<string, JsonElement>? CustomFields = null);

public sealed record CompanyResponse(
    int Id, string Name, string? Domain, string? Notes, int UserCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    CustomFieldValues? CustomFields = null);

/// <summary>Create or replace a company's card; <c>CustomFields</c> as on <see cref="UserRequest"/>.</summary>
public sealed record CompanyRequest(string? Name, string? Domain, string? Notes, Dictionary<string, JsonElement>? CustomFields = null);

/// <summary>What a user may change on their own card; custom fields with the rights of their own groups.</summary>
public sealed record MeRequest(string? Name, string? Email, string? Phone, Dictionary<string, JsonElement>? CustomFields = null);

public sealed record MeResponse(UserResponse User, IReadOnlyList<string> Permissions);

/// <summary>
/// Custom field values on a card, keyed by field key. Compared by content, so cards (records)
/// read twice are equal; JSON values are compared with <see cref="JsonElement.DeepEquals"/>.
/// </summary>
public sealed class CustomFieldValues : Dictionary<string, JsonElement>
{
    public CustomFieldValues() : base(StringComparer.Ordinal) { }

    public override bool Equals(object? obj) =>
        obj is CustomFieldValues other && other.Count == Count
        && this.All(kv => other.TryGetValue(kv.Key, out var v) && JsonElement.DeepEquals(kv.Value, v));

    public override int GetHashCode() => Count;
}
