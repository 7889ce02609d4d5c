using Microsoft.AspNetCore.Identity;
using Rolodesk.Data.Access;

namespace Rolodesk.Data.Contacts;

/// <summary>
/// A person's contact card. The same row is the Identity account: a user with a password can
/// sign in, one without (a customer an agent typed in) cannot until given one.
/// </summary>
public sealed class User : IdentityUser<int>
{
    public required string Name { get; set; }

    /// <summary>Upper-invariant copy of <see cref="Name"/>: case-insensitive sort and search on both providers.</summary>
    public string NormalizedName { get; set; } = "";

    public string? Phone { get; set; }

    /// <summary>Digits of <see cref="Phone"/> only, so "+1 (555) 010" finds "1555010".</summary>
    public string? NormalizedPhone { get; set; }

    public int? CompanyId { get; set; }
    public Company? Company { get; set; }

    public List<UserGroup> Groups { get; set; } = [];

    /// <summary>
    /// Custom field values: a JSON object keyed by field key, written only through the field type
    /// registry (ADR 0004). Null is an empty object.
    /// </summary>
    public string? CustomFields { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
