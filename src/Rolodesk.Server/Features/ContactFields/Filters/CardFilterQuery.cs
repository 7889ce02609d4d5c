using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;

namespace Rolodesk.Server.Features.ContactFields.Filters;

/// <summary>
/// Turns a <see cref="CardFilter"/> into SQL over the typed index (ADR 0004). Each condition is
/// either the driver (its few matching card ids are read first and passed as a parameter) or a
/// probe of each card's rows (cheap when the list is read in sort order and matches are common).
/// Which one drives is chosen by <see cref="PlanAsync"/> from a bounded count of each condition's rows.
/// </summary>
public static class CardFilterQuery
{
    /// <summary>Up to this many matching index rows a condition drives the page; above it the list is read in sort order.</summary>
    public const int DriveLimit = 5_000;

    /// <summary>
    /// Estimates each condition (its index entries counted up to <see cref="DriveLimit"/> + 1, a
    /// bounded covering index walk, remembered for a minute by <see cref="FilterEstimates"/>) and
    /// picks the smallest as driver; when it is within the limit, reads the driver's cards with a
    /// flag for the other conditions (<see cref="FilterDriver"/>), so the page and the count start
    /// from the cards that match.
    /// </summary>
    public static Task<FilterPlan> PlanAsync(this CardFilter filter, RolodeskDbContext db, CancellationToken ct) =>
        filter.PlanAsync(db, DriveLimit, deferMatching: false, ct);

    /// <summary>
    /// As above; with <paramref name="deferMatching"/> the driver's cards are read only when the count or
    /// a page needs them (<see cref="FilterPlan.PageIdsAsync"/> may walk a text's entries in name order instead).
    /// </summary>
    public static Task<FilterPlan> PlanAsync(this CardFilter filter, RolodeskDbContext db, bool deferMatching, CancellationToken ct) =>
        filter.PlanAsync(db, DriveLimit, deferMatching, ct);

    /// <summary>As above with another limit (tests reach the broad shapes with a handful of cards).</summary>
    internal static async Task<FilterPlan> PlanAsync(this CardFilter filter, RolodeskDbContext db, int driveLimit, bool deferMatching, CancellationToken ct)
    {
        FilterCondition? driver = null, walk = null;
        var (best, bestText) = (int.MaxValue, int.MaxValue);
        foreach (var c in filter.Conditions)
        {
            // "Has no value" cannot be looked up, only checked card by card.
            if (c.Test is Presence { HasValue: false }) continue;
            if (!FilterEstimates.TryGet(filter.Target, c, out var rows))
            {
                rows = await InIndexOrder(Rows(db, c), c.Test).Take(DriveLimit + 1).CountAsync(ct);
                FilterEstimates.Set(filter.Target, c, rows);
            }
            if (rows < best) (driver, best) = (c, rows);
            // A page sorted by name can walk one text's entries in name order (ADR 0010): the one with the fewest.
            if (c.Test is TextIn { Values.Count: 1 } && rows < bestText) (walk, bestText) = (c, rows);
        }
        var plan = new FilterPlan(db, filter, driver, driver is not null && best <= driveLimit ? driveLimit : null, walk);
        if (!deferMatching) await plan.ReadMatchingAsync(ct);
        return plan;
    }

    /// <summary>
    /// The index rows of the condition's field that meet its test (for "has no value": all its
    /// rows). For a <paramref name="probe"/> (one card's rows, by EXISTS) ranges are written so
    /// that no value index matches them (COALESCE with a bound no value reaches, so a row without a
    /// value still fails): SQLite otherwise picks the (field, number) index and walks the whole
    /// range for every card, instead of seeking the card's rows by (kind, entity, field).
    /// </summary>
    internal static IQueryable<CustomFieldIndex> Rows(RolodeskDbContext db, FilterCondition c, bool probe = false)
    {
        var fieldId = c.Field.Id;
        var rows = db.Set<CustomFieldIndex>().Where(i => i.FieldId == fieldId);
        return (c.Test, probe) switch
        {
            // The columns around the compared one are named IS NULL (a row sets only one of them):
            // the seek of the value index (field, text, number, date, sort key, entity) then reaches the sort key.
            (TextIn { Values: [var one] }, _) => rows.Where(i => i.Text == one && i.Number == null && i.Date == null),
            (TextIn t, _) => rows.Where(i => t.Values.Contains(i.Text!) && i.Number == null && i.Date == null),
            (NumberRange r, false) => rows.Where(i => i.Text == null && i.Number != null)
                .WhereIf(r.From is not null, i => i.Number >= r.From)
                .WhereIf(r.To is not null, i => i.Number <= r.To),
            (NumberRange r, true) => rows
                .WhereIf(r.From is not null, i => (i.Number ?? -Json.NumberLimit) >= r.From)
                .WhereIf(r.To is not null, i => (i.Number ?? Json.NumberLimit) <= r.To),
            (DateRange r, false) => rows.Where(i => i.Text == null && i.Number == null && i.Date != null)
                .WhereIf(r.From is not null, i => i.Date >= r.From)
                .WhereIf(r.To is not null, i => i.Date <= r.To),
            (DateRange r, true) => rows
                .WhereIf(r.From is not null, i => (i.Date ?? DateOnly.MinValue) >= r.From)
                .WhereIf(r.To is not null, i => (i.Date ?? DateOnly.MaxValue) <= r.To),
            _ => rows,
        };
    }

    /// <summary>An order the condition's index already has, so a bounded count is a plain index walk (and the order is defined).</summary>
    private static IQueryable<CustomFieldIndex> InIndexOrder(IQueryable<CustomFieldIndex> rows, FilterTest test) => test switch
    {
        TextIn => rows.OrderBy(i => i.Text).ThenBy(i => i.Number).ThenBy(i => i.Date).ThenBy(i => i.SortKey).ThenBy(i => i.EntityId),
        NumberRange => rows.OrderBy(i => i.Number).ThenBy(i => i.EntityId),
        DateRange => rows.OrderBy(i => i.Date).ThenBy(i => i.EntityId),
        _ => rows.OrderBy(i => i.FieldId),
    };

    /// <summary>
    /// A probe of one card's rows, written as a scalar subquery ("the first matching row, if any")
    /// rather than EXISTS: PostgreSQL turns a top-level EXISTS into a semi join and, trusting a
    /// misestimated range, started from the index rows instead of walking the cards in sort order;
    /// a scalar subquery stays a per-card look-up on both providers. A text probe is one covering
    /// seek of the value index (field, text, …, sort key, entity); other tests name the kind so the key (kind, entity, field)
    /// answers them with one seek rather than a walk of a value range per card.
    /// </summary>
    internal static Expression<Func<T, bool>> Probe<T>(RolodeskDbContext db, FilterCondition c, FieldTarget kind) where T : class
    {
        var rows = Rows(db, c, probe: true);
        // A text row carries the card's sort name before the card in the value index (ADR 0010): naming it keeps the seek whole.
        if (c.Test is TextIn) return e => rows.Where(i => i.SortKey == EF.Property<string>(e, "NormalizedName") && i.EntityId == EF.Property<int>(e, "Id"))
            .Select(i => (int?)1).FirstOrDefault() != null;
        rows = rows.Where(i => i.EntityKind == kind);
        return c.Test is Presence { HasValue: false }
            ? e => rows.Where(i => i.EntityId == EF.Property<int>(e, "Id")).Select(i => (int?)1).FirstOrDefault() == null
            : e => rows.Where(i => i.EntityId == EF.Property<int>(e, "Id")).Select(i => (int?)1).FirstOrDefault() != null;
    }

    private static IQueryable<T> WhereIf<T>(this IQueryable<T> q, bool condition, Expression<Func<T, bool>> predicate) =>
        condition ? q.Where(predicate) : q;
}
