namespace Rolodesk.Data.Contacts;

/// <summary>An organisation's card. Users may belong to one company.</summary>
public sealed class Company
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string NormalizedName { get; set; } = "";
    public string? Domain { get; set; }
    public string? Notes { get; set; }
    /// <summary>Custom field values, as on <see cref="User.CustomFields"/>.</summary>
    public string? CustomFields { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<User> Users { get; set; } = [];
}
