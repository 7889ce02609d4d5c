using Rolodesk.Server.Features.Access;

namespace Rolodesk.Server.Components.Shared;

/// <summary>The signed-in user as the UI shows them: who they are and what they may open.</summary>
public sealed record CurrentUser(int Id, string Name, string? Email, UserAccess Access)
{
    public bool Has(string permission) => Access.Has(permission);

    /// <summary>Up to two initials for the avatar: first letters of the first and last words.</summary>
    public string Initials
    {
        get
        {
            var words = Name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 0) return "?";
            var first = char.ToUpperInvariant(words[0][0]);
            return words.Length == 1 ? first.ToString() : $"{first}{char.ToUpperInvariant(words[^1][0])}";
        }
    }
}
