using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.Contacts;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>The one projection of a user card, shared by lists, cards and <c>/me</c>.</summary>
public static class UserQueries
{
    public static IQueryable<UserResponse> ToResponse(this IQueryable<User> users) =>
        users.Select(u => new UserResponse(
            u.Id, u.Name, u.Email, u.Phone,
            u.Company == null ? null : new CompanyRef(u.Company.Id, u.Company.Name),
            u.Groups.OrderBy(g => g.Name).Select(g => new GroupRef(g.Id, g.Name, g.Kind == UserGroupKind.Agents ? "agents" : "clients")).ToList(),
            u.Groups.Any(g => g.Kind == UserGroupKind.Agents),
            u.PasswordHash != null,
            u.CreatedAt, u.UpdatedAt));

    public static Task<UserResponse?> GetCardAsync(this RolodeskDbContext db, int id, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == id).ToResponse().SingleOrDefaultAsync(ct);

    /// <summary>Case-insensitive search over name, email and phone digits.</summary>
    public static IQueryable<User> Search(this IQueryable<User> users, string? term)
    {
        if (ContactRules.SearchTerm(term) is not { } t) return users;
        var upper = t.ToUpperInvariant();
        // "Ada 5" is a name search; only a term that reads as a phone fragment also matches phone digits.
        var digits = ContactRules.LooksLikePhone(t) ? ContactRules.PhoneDigits(t) : null;
        return string.IsNullOrEmpty(digits)
            ? users.Where(u => u.NormalizedName.Contains(upper) || u.NormalizedEmail!.Contains(upper))
            : users.Where(u => u.NormalizedName.Contains(upper) || u.NormalizedEmail!.Contains(upper) || u.NormalizedPhone!.Contains(digits));
    }

    public static IQueryable<User> Sort(this IQueryable<User> users, string? sort) => sort switch
    {
        "-name" => users.OrderByDescending(u => u.NormalizedName).ThenByDescending(u => u.Id),
        "email" => users.OrderBy(u => u.NormalizedEmail).ThenBy(u => u.Id),
        "-email" => users.OrderByDescending(u => u.NormalizedEmail).ThenByDescending(u => u.Id),
        "createdAt" => users.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id),
        "-createdAt" => users.OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id),
        _ => users.OrderBy(u => u.NormalizedName).ThenBy(u => u.Id),
    };

    public static readonly string[] SortKeys = ["name", "-name", "email", "-email", "createdAt", "-createdAt"];
}
