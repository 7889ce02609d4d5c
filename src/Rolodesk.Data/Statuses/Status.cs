namespace Rolodesk.Data.Statuses;

/// <summary>A status an agent can be in ("Online", "Lunch", ...), shown as a coloured dot.</summary>
public sealed class Status
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>"#RRGGBB".</summary>
    public required string Color { get; set; }

    public int Position { get; set; }

    /// <summary>Whether distribution may assign requests to agents in this status.</summary>
    public bool AcceptsRequests { get; set; }

    /// <summary>Set on the three defaults (see <see cref="SystemStatuses"/>): code finds them by key, never by name, and they cannot be deleted.</summary>
    public string? SystemKey { get; set; }

    /// <summary>
    /// Custom statuses are only ever soft-deleted: history intervals keep pointing at the row, so
    /// they still show the name and colour the agent actually had.
    /// </summary>
    public DateTimeOffset? DeletedAt { get; set; }
}

public static class SystemStatuses
{
    public const string Online = "online";
    public const string OnHold = "on-hold";
    public const string Offline = "offline";
}
