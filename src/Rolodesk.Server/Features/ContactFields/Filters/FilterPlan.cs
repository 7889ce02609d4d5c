using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.ContactFields.Filters;

/// <summary>
/// A filter with its query shape chosen (<see cref="CardFilterQuery.PlanAsync(CardFilter, RolodeskDbContext, CancellationToken)"/>).
/// With a selective driver the ids of the cards meeting every condition (at most
/// <see cref="CardFilterQuery.DriveLimit"/>) are read (at once, or when first needed) and go to the
/// database as one parameter: the page reads only those cards, and a count of the whole table needs
/// no query. A page sorted by name over the whole table with a text equality among the conditions
/// walks that text's index entries in name order instead (<see cref="PageIdsAsync"/>, ADR 0010).
/// Otherwise a page reads cards in sort order and probes each until the page is full, and a
/// count intersects the conditions' index entries (<see cref="FilterCount"/>).
/// </summary>
public sealed class FilterPlan
{
    private readonly RolodeskDbContext db;
    private readonly int? driveLimit;
    private readonly FilterCondition? walk;
    private IReadOnlyList<int>? matching;
    private bool readFailed;

    internal FilterPlan(RolodeskDbContext db, CardFilter filter, FilterCondition? driver, int? driveLimit, FilterCondition? walk)
    {
        this.db = db;
        Filter = filter;
        Driver = driver;
        this.driveLimit = driveLimit;
        this.walk = walk;
    }

    public CardFilter Filter { get; }

    /// <summary>The condition the database starts from, if any (null: every condition is "has no value", or none).</summary>
    public FilterCondition? Driver { get; }

    /// <summary>Whether the matching cards are already known (few matches) rather than found by reading cards in sort order.</summary>
    public bool DriverIsSelective => matching is not null;

    /// <summary>The text equality a name-sorted page walks (the one with the fewest entries), if any.</summary>
    internal FilterCondition? NameWalk => walk;

    /// <summary>
    /// Reads the driver's matching cards if the driver was estimated within the limit and they are not read yet;
    /// when it has grown past the limit since, the plan stays without them (pages then probe cards in sort order).
    /// </summary>
    internal async Task ReadMatchingAsync(CancellationToken ct)
    {
        if (matching is not null || driveLimit is not { } limit || Driver is null) return;
        if (await FilterDriver.MatchingAsync(db, Filter, Driver, limit, ct) is { } ids) matching = ids;
        else FilterEstimates.Forget(Filter.Target, Driver); // it grew since it was estimated
        readFailed = matching is null; // read once: a failed read is not repeated for the page
    }

    /// <summary>Cards meeting every condition, shaped for reading one sorted page (T: User or Company, the filter's target).</summary>
    public IQueryable<T> ForPage<T>(IQueryable<T> cards) where T : class => Apply(cards);

    /// <summary>Cards meeting every condition, shaped for an exact count.</summary>
    public IQueryable<T> ForCount<T>(IQueryable<T> cards) where T : class => Apply(cards);

    /// <summary>
    /// The exact number of <paramref name="cards"/> meeting every condition. Over the whole users
    /// table a selective plan already holds the answer (the membership probe proves each card
    /// exists); otherwise, when no driver is selective and the list has no other criterion (search,
    /// company, group), the count intersects the conditions' index entries instead of reading cards.
    /// </summary>
    public async Task<int> CountAsync<T>(IQueryable<T> cards, CancellationToken ct) where T : class
    {
        if (Filter.IsEmpty) return await cards.CountAsync(ct);
        await ReadMatchingAsync(ct);
        if (!FilterCount.IsWholeTable(cards)) return await ForCount(cards).CountAsync(ct);
        if (matching is not null && Filter.Target == FieldTarget.Users) return matching.Count;
        if (matching is null && FilterCount.CanIntersect(Filter)) return await FilterCount.IntersectAsync(db, Filter, ct);
        return await ForCount(cards).CountAsync(ct);
    }

    /// <summary>
    /// The ids of one page of <paramref name="cards"/> meeting every condition, in list order. When the list is
    /// sorted by name (<paramref name="byName"/>: false ascending, true descending, null another sort) over the
    /// whole table, a text equality is among the conditions and the matching cards are not already known
    /// (or the text is the driver itself), the page walks that text's index entries in (sort name, card) order,
    /// which is the list's order, probing the other conditions per entry (ADR 0010). Otherwise
    /// <paramref name="sort"/> orders the cards of <see cref="ForPage{T}"/>.
    /// </summary>
    public async Task<List<int>> PageIdsAsync<T>(
        IQueryable<T> cards, Func<IQueryable<T>, IQueryable<T>> sort, bool? byName, int skip, int take, CancellationToken ct) where T : class
    {
        if (byName is { } descending && WalksByName(cards))
            return await FilterDriver.NamePageAsync(db, Filter, walk!, descending, skip, take, ct);
        await ReadMatchingAsync(ct);
        return await sort(Apply(cards)).Skip(skip).Take(take).Select(e => EF.Property<int>(e, "Id")).ToListAsync(ct);
    }

    /// <summary>
    /// Whether a name-sorted page of <paramref name="cards"/> walks <see cref="NameWalk"/>'s entries: a selective
    /// driver that is not that text is cheaper read whole (its cards are few, the text's may be many).
    /// </summary>
    internal bool WalksByName<T>(IQueryable<T> cards) =>
        walk is not null && !Filter.IsEmpty && FilterCount.IsWholeTable(cards)
        && matching is null && (driveLimit is null || readFailed || Driver == walk);

    private IQueryable<T> Apply<T>(IQueryable<T> cards) where T : class
    {
        if (Filter.IsEmpty) return cards;
        if (matching is not null)
        {
            // One array / JSON parameter rather than EF's default of one parameter per id.
            var ids = matching;
            return cards.Where(e => EF.Parameter(ids).Contains(EF.Property<int>(e, "Id")));
        }
        // Text probes first (one covering seek each), then the others, group membership last.
        var probes = Filter.Conditions.OrderBy(c => c.Test is TextIn ? 0 : 1).Select(c => CardFilterQuery.Probe<T>(db, c, Filter.Target));
        if (Filter.Target == FieldTarget.Users) probes = probes.Concat(Membership<T>());
        return cards.Where(InOrder(probes.ToList()));
    }

    /// <summary>
    /// A user's values of a field whose group is not tied to any of the user's groups are kept
    /// (they come back if the user joins again) but are not on the card, so they must not match:
    /// each distinct audience among the conditions adds one membership probe, skipped while none of its fields
    /// has such values (ADR 0012).
    /// </summary>
    private IEnumerable<Expression<Func<T, bool>>> Membership<T>() where T : class
    {
        var members = db.Set<Dictionary<string, object>>("UserGroupMembers");
        var hidden = db.Set<HiddenFieldValue>();
        foreach (var audience in FilterCount.Audiences(Filter))
        {
            var groups = audience.Groups;
            Expression<Func<T, bool>> probe = e => members
                .Where(m => EF.Property<int>(m, "UserId") == EF.Property<int>(e, "Id") && groups.Contains(EF.Property<int>(m, "UserGroupId")))
                .Select(m => (int?)1).FirstOrDefault() != null;
            if (audience.Fields is not { } fields) yield return probe;
            else
            {
                Expression<Func<T, bool>> unmarked = e => !hidden.Any(h => fields.Contains(h.FieldId));
                var e = probe.Parameters[0];
                yield return Expression.Lambda<Func<T, bool>>(Expression.OrElse(new Rebind(unmarked.Parameters[0], e).Visit(unmarked.Body), probe.Body), e);
            }
        }
    }

    /// <summary>
    /// The probes as one predicate evaluated in the given order (CASE WHEN p1 THEN CASE WHEN p2 …):
    /// PostgreSQL orders separate WHERE terms by their cost and ran the cheap membership probe first,
    /// for every card read in sort order, although the value probes reject most cards.
    /// </summary>
    private static Expression<Func<T, bool>> InOrder<T>(List<Expression<Func<T, bool>>> probes)
    {
        var e = Expression.Parameter(typeof(T), "e");
        var bodies = probes.Select(p => new Rebind(p.Parameters[0], e).Visit(p.Body)).ToList();
        var body = bodies[^1];
        for (var i = bodies.Count - 2; i >= 0; i--) body = Expression.Condition(bodies[i], body, Expression.Constant(false));
        return Expression.Lambda<Func<T, bool>>(body, e);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
