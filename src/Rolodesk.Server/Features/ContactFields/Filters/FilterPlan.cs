using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.ContactFields.Filters;

/// <summary>
/// A filter with its query shape chosen (<see cref="CardFilterQuery.PlanAsync"/>). With a
/// selective driver its matching card ids (at most <see cref="CardFilterQuery.DriveLimit"/>) are
/// already read and go to the database as one parameter, so the database can only start from them
/// (PostgreSQL misestimates a number range of one field, because the column mixes every field, and
/// otherwise started from the range). Without one, a page reads cards in sort order and probes
/// each until the page is full, and a count intersects the conditions' index entries
/// (<see cref="FilterCount"/>).
/// </summary>
public sealed class FilterPlan(RolodeskDbContext db, CardFilter filter, FilterCondition? driver, IReadOnlyList<int>? driverIds)
{
    public CardFilter Filter { get; } = filter;

    /// <summary>The condition the database starts from, if any (null: every condition is "has no value", or none).</summary>
    public FilterCondition? Driver { get; } = driver;

    /// <summary>Whether the page starts from the driver's card ids (few matches) rather than reading cards in sort order.</summary>
    public bool DriverIsSelective => driverIds is not null;

    /// <summary>Cards meeting every condition, shaped for reading one sorted page (T: User or Company, the filter's target).</summary>
    public IQueryable<T> ForPage<T>(IQueryable<T> cards) where T : class => Apply(cards);

    /// <summary>Cards meeting every condition, shaped for an exact count.</summary>
    public IQueryable<T> ForCount<T>(IQueryable<T> cards) where T : class => Apply(cards);

    /// <summary>
    /// The exact number of <paramref name="cards"/> meeting every condition. When the list has no
    /// other criterion (search, company, group) and no driver is selective, the count never reads
    /// the cards: it intersects the conditions' index entries (two covering index walks and a merge).
    /// </summary>
    public async Task<int> CountAsync<T>(IQueryable<T> cards, CancellationToken ct) where T : class
    {
        if (!Filter.IsEmpty && driverIds is null && FilterCount.IsWholeTable(cards) && FilterCount.CanIntersect(Filter))
            return await FilterCount.IntersectAsync(db, Filter, ct);
        return await ForCount(cards).CountAsync(ct);
    }

    private IQueryable<T> Apply<T>(IQueryable<T> cards) where T : class
    {
        if (Filter.IsEmpty) return cards;
        if (driverIds is not null)
        {
            // One array / JSON parameter rather than EF's default of one parameter per id.
            var ids = driverIds;
            cards = cards.Where(e => EF.Parameter(ids).Contains(EF.Property<int>(e, "Id")));
        }
        // Text probes first: one covering seek each, and SQLite evaluates the terms in this order.
        foreach (var c in Filter.Conditions.OrderBy(c => c.Test is TextIn ? 0 : 1))
        {
            if (driverIds is not null && c == Driver) continue;
            cards = cards.Where(CardFilterQuery.Probe<T>(db, c, Filter.Target));
        }
        return Filter.Target == FieldTarget.Users ? OnlyWhereApplicable(cards) : cards;
    }

    /// <summary>
    /// A user's values of a field whose group is not tied to any of the user's groups are kept
    /// (they come back if the user joins again) but are not on the card, so they must not match:
    /// each distinct audience among the conditions adds one membership probe.
    /// </summary>
    private IQueryable<T> OnlyWhereApplicable<T>(IQueryable<T> cards) where T : class
    {
        var members = db.Set<Dictionary<string, object>>("UserGroupMembers");
        foreach (var groups in FilterCount.Audiences(Filter))
        {
            cards = cards.Where(e => members
                .Where(m => EF.Property<int>(m, "UserId") == EF.Property<int>(e, "Id") && groups.Contains(EF.Property<int>(m, "UserGroupId")))
                .Select(m => (int?)1).FirstOrDefault() != null);
        }
        return cards;
    }
}
