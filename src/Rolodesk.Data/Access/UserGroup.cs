namespace Rolodesk.Data.Access;

/// <summary>Whether a user group holds staff (agents, who have a status) or customers.</summary>
public enum UserGroupKind
{
    Agents = 0,
    Clients = 1,
}

/// <summary>A named set of users with a kind and the access rights its members get.</summary>
public sealed class UserGroup
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public UserGroupKind Kind { get; set; }

    /// <summary>Keys from the rights catalogue (see <c>Permissions</c> in the server).</summary>
    public List<string> Permissions { get; set; } = [];

    /// <summary>Created on first start (Administrators, Agents, Clients); can be renamed but not deleted.</summary>
    public bool IsSystem { get; set; }

    public List<Contacts.User> Members { get; set; } = [];

    /// <summary>Optimistic concurrency token, changed on every update.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}
