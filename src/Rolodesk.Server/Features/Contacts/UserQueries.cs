using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.ContactFields;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Filters;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>The one projection of a user card, shared by lists, cards and <c>/me</c>.</summary>
public static class UserQueries
{
    private static readonly Expression<Func<User, CardRow<UserResponse>>> Row = u => new CardRow<UserResponse>
    {
        Card = new UserResponse(
            u.Id, u.Name, u.Email, u.Phone,
            u.Company == null ? null : new CompanyRef(u.Company.Id, u.Company.Name),
            u.Groups.OrderBy(g => g.Name).Select(g => new GroupRef(g.Id, g.Name, g.Kind == UserGroupKind.Agents ? "agents" : "clients")).ToList(),
            u.Groups.Any(g => g.Kind == UserGroupKind.Agents),
            u.PasswordHash != null,
            u.CreatedAt, u.UpdatedAt, null),
        Document = u.CustomFields,
    };

    /// <summary>Cards with their raw values document, which <see cref="WithCustomFieldsAsync"/> filters for the actor.</summary>
    public static IQueryable<CardRow<UserResponse>> ToRows(this IQueryable<User> users) => users.Select(Row);

    /// <summary>
    /// One page of <paramref name="sorted"/> (filtered and sorted cards) as stored rows, in two statements:
    /// the page's ids (filter, sort and paging — the expensive part, run once), then the cards of those
    /// ids in one statement (<see cref="UserCardReader.ReadManyAsync"/>). As one LINQ query, SQLite's split
    /// query for the groups ran the whole filtered, sorted walk a second time; the LINQ projection of the
    /// ids' rows cost two statements and a parse of every values document.
    /// </summary>
    public static async Task<List<UserCardRow>> PageCardsAsync(
        this IQueryable<User> sorted, RolodeskDbContext db, int skip, int take, CancellationToken ct)
    {
        var ids = await sorted.Skip(skip).Take(take).Select(u => u.Id).ToListAsync(ct);
        return await UserCardReader.ReadManyAsync(db, ids, ct);
    }

    /// <summary>Cards without custom fields (<c>CustomFields</c> null).</summary>
    public static IQueryable<UserResponse> ToResponse(this IQueryable<User> users) => users.ToRows().Select(r => r.Card);

    public static Task<UserResponse?> GetCardAsync(this RolodeskDbContext db, int id, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == id).ToResponse().SingleOrDefaultAsync(ct);

    /// <summary>A card with the custom fields <paramref name="actor"/> may display.</summary>
    public static async Task<UserResponse?> GetCardAsync(this RolodeskDbContext db, int id, CardFields fields, UserAccess actor, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == id).Select(Row).FirstOrDefaultAsync(ct) is { } row
            ? (await new[] { row }.WithCustomFieldsAsync(fields, actor, ct))[0]
            : null;

    /// <summary>Fills each card's custom fields with what the actor may display: one definitions load, no query per card.</summary>
    public static async Task<List<UserResponse>> WithCustomFieldsAsync(
        this IEnumerable<CardRow<UserResponse>> rows, CardFields fields, UserAccess actor, CancellationToken ct)
    {
        var catalog = await fields.CatalogAsync(FieldTarget.Users, ct);
        return [.. rows.Select(r => r.Card with
        {
            CustomFields = CardFields.Visible(catalog, actor, [.. r.Card.Groups.Select(g => g.Id)], r.Document),
        })];
    }

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

    /// <summary>For the name sorts (the default one included) whether descending; null for the other sorts (<see cref="FilterPlan.PageIdsAsync"/>).</summary>
    public static bool? ByName(string? sort) => sort switch
    {
        "-name" => true,
        "email" or "-email" or "createdAt" or "-createdAt" => null,
        _ => false,
    };

    /// <summary>
    /// One page of the filtered users in the list's order, as stored rows: the page's ids (which a name sort may take
    /// from a text condition's name-ordered index entries, ADR 0010), then their cards in one statement.
    /// </summary>
    public static async Task<List<UserCardRow>> PageCardsAsync(
        this FilterPlan plan, IQueryable<User> users, string? sort, RolodeskDbContext db, int skip, int take, CancellationToken ct)
    {
        var ids = await plan.PageIdsAsync(users, q => q.Sort(sort), ByName(sort), skip, take, ct);
        return await UserCardReader.ReadManyAsync(db, ids, ct);
    }
}

/// <summary>
/// A page of the users list: the same JSON as <see cref="Page{T}"/>, except that <see cref="Total"/>
/// is null when the request said total=false (counting every match of a broad filter over a
/// million users costs more than the page itself).
/// </summary>
public sealed record UserListPage(IReadOnlyList<UserResponse> Items, int PageNumber, int PageSize, int? Total)
{
    /// <summary>Reads the total=true|false parameter (absent: true); adds an error naming it otherwise.</summary>
    public static bool WantsTotal(string? value, ValidationErrors errors)
    {
        if (value is null) return true;
        if (bool.TryParse(value, out var wanted)) return wanted;
        errors.Add("total", "Must be true or false.");
        return true;
    }
}

/// <summary>A card as projected by the database, with its values document still raw.</summary>
public sealed class CardRow<T>
{
    public required T Card { get; init; }
    public string? Document { get; init; }
}
