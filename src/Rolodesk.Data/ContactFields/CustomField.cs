namespace Rolodesk.Data.ContactFields;

/// <summary>
/// The definition of one custom field. Its type is a key of the server's field type registry;
/// settings and default value are JSON normalised by that type, so this entity never needs to
/// know a type's shape.
/// </summary>
public sealed class CustomField
{
    public int Id { get; set; }

    /// <summary>Immutable; values on the API are keyed by it. Unique per target, archived fields included.</summary>
    public required string Key { get; set; }

    /// <summary>A copy of the group's target, so the database can hold keys unique per target.</summary>
    public FieldTarget Target { get; set; }

    public int FieldGroupId { get; set; }
    public FieldGroup FieldGroup { get; set; } = null!;

    public required string Name { get; set; }
    public int Position { get; set; }
    public required string Type { get; set; }

    /// <summary>JSON text, as returned by the type's settings validation.</summary>
    public string Settings { get; set; } = "{}";

    /// <summary>JSON text of the default value, or null for none.</summary>
    public string? DefaultValue { get; set; }

    /// <summary>One entry per user group with access; a group not listed has none.</summary>
    public List<CustomFieldAccess> Access { get; set; } = [];

    public DateTimeOffset? ArchivedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, changed on every update.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>What members of a user group may do with a field; each level implies the ones before it.</summary>
public enum FieldAccessLevel
{
    Display = 1,
    Edit = 2,
    Mandatory = 3,
}

/// <summary>
/// A row rather than JSON so that deleting a user group removes its access (cascade) and so that
/// "fields this actor may display" is a join the list filters can use.
/// </summary>
public sealed class CustomFieldAccess
{
    public int CustomFieldId { get; set; }
    public int UserGroupId { get; set; }
    public FieldAccessLevel Level { get; set; }
}
