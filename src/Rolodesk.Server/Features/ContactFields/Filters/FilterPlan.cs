using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.ContactFields.Filters;

/// <summary>
/// A filter with its query shape chosen (<see cref="CardFilterQuery.PlanAsync"/>). The page and
/// the count may take different shapes: a page in sort order stops after a few matches, a count
/// must visit them all and is cheapest from the smallest condition.
/// </summary>
public sealed class FilterPlan(RolodeskDbContext db, CardFilter filter, FilterCondition? driver, bool driverIsSelective)
{
    public CardFilter Filter { get; } = filter;

    /// <summary>The condition the database starts from, if any (null: every condition is "has no value", or none).</summary>
    public FilterCondition? Driver { get; } = driver;

    /// <summary>Whether the page starts from the driver's index rows (few matches) rather than reading cards in sort order.</summary>
    public bool DriverIsSelective { get; } = driverIsSelective;

    /// <summary>Cards meeting every condition, shaped for reading one sorted page (T: User or Company, the filter's target).</summary>
    public IQueryable<T> ForPage<T>(IQueryable<T> cards) where T : class => Apply(cards, DriverIsSelective ? Driver : null);

    /// <summary>Cards meeting every condition, shaped for an exact count.</summary>
    public IQueryable<T> ForCount<T>(IQueryable<T> cards) where T : class => Apply(cards, Driver);

    private IQueryable<T> Apply<T>(IQueryable<T> cards, FilterCondition? drive) where T : class
    {
        if (Filter.IsEmpty) return cards;
        foreach (var c in Filter.Conditions)
        {
            var rows = CardFilterQuery.Rows(db, c);
            cards = cards.Where(c == drive
                ? CardFilterQuery.In<T>(rows)
                : CardFilterQuery.Exists<T>(rows, Filter.Target, c.Test is Presence { HasValue: false }));
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
        var audiences = Filter.Conditions.Select(c => c.Field.Audience.Order().ToList())
            .DistinctBy(groups => string.Join(',', groups));
        foreach (var groups in audiences)
        {
            cards = cards.Where(e => members.Any(m =>
                EF.Property<int>(m, "UserId") == EF.Property<int>(e, "Id") && groups.Contains(EF.Property<int>(m, "UserGroupId"))));
        }
        return cards;
    }
}
