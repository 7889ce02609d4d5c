namespace Rolodesk.Data.ContactFields;

/// <summary>Whose cards a field group's fields appear on.</summary>
public enum FieldTarget
{
    Users = 0,
    Companies = 1,
}

/// <summary>
/// A named, ordered set of custom fields for users or for companies. A users group applies only
/// to members of the user groups it names; a companies group applies to every company.
/// </summary>
public sealed class FieldGroup
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Fixed at creation: a field's key is unique per target, so moving targets could clash.</summary>
    public FieldTarget Target { get; set; }

    public int Position { get; set; }

    /// <summary>Users groups only: whose members' cards get this group's fields (none = nobody yet).</summary>
    public List<Access.UserGroup> UserGroups { get; set; } = [];

    public List<CustomField> Fields { get; set; } = [];

    /// <summary>Set while archived: hidden from cards with all its fields, restorable, purgeable.</summary>
    public DateTimeOffset? ArchivedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, changed on every update.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}
