namespace Rolodesk.Data.ContactFields;

/// <summary>
/// One change to a field group or custom field definition: who, when, what, and the definition
/// before and after as JSON. No foreign keys: the history outlives purged definitions and deleted users.
/// </summary>
public sealed class ContactFieldAudit
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public int? ActorUserId { get; set; }

    /// <summary>"field-group" or "field".</summary>
    public required string Entity { get; set; }

    /// <summary>The group or field changed; null for a reorder, which concerns a whole list.</summary>
    public int? EntityId { get; set; }

    /// <summary>created, updated, moved, archived, restored, purged or reordered.</summary>
    public required string Action { get; set; }

    public string? Before { get; set; }
    public string? After { get; set; }
}
