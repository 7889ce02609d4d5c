using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.ContactFields.Filters;

/// <summary>
/// Turns a <see cref="CardFilter"/> into SQL over the typed index (ADR 0004). Each condition is
/// either "the card's id is IN the index rows that match" (the database can start from those
/// rows: fast when they are few) or a correlated EXISTS probe per card (cheap when the list is
/// read in sort order and matches are common). Which one drives is chosen by
/// <see cref="PlanAsync"/> from a bounded count of each condition's rows.
/// </summary>
public static class CardFilterQuery
{
    /// <summary>Up to this many matching index rows a condition drives the page; above it the list is read in sort order.</summary>
    public const int DriveLimit = 5_000;

    /// <summary>Measures each condition (at most <see cref="DriveLimit"/> + 1 index entries each) and picks the driver.</summary>
    public static async Task<FilterPlan> PlanAsync(this CardFilter filter, RolodeskDbContext db, CancellationToken ct)
    {
        FilterCondition? driver = null;
        var best = int.MaxValue;
        foreach (var c in filter.Conditions)
        {
            // "Has no value" cannot be looked up, only checked card by card.
            if (c.Test is Presence { HasValue: false }) continue;
            var rows = await InIndexOrder(Rows(db, c), c.Test).Take(DriveLimit + 1).CountAsync(ct);
            if (rows < best) (driver, best) = (c, rows);
        }
        return new FilterPlan(db, filter, driver, driver is not null && best <= DriveLimit);
    }

    /// <summary>The index rows of the condition's field that meet its test (for "has no value": all its rows).</summary>
    internal static IQueryable<CustomFieldIndex> Rows(RolodeskDbContext db, FilterCondition c)
    {
        var fieldId = c.Field.Id;
        var rows = db.Set<CustomFieldIndex>().Where(i => i.FieldId == fieldId);
        return c.Test switch
        {
            TextIn { Values: [var one] } => rows.Where(i => i.Text == one),
            TextIn t => rows.Where(i => t.Values.Contains(i.Text!)),
            NumberRange r => rows.Where(i => i.Number != null)
                .WhereIf(r.From is not null, i => i.Number >= r.From)
                .WhereIf(r.To is not null, i => i.Number <= r.To),
            DateRange r => rows.Where(i => i.Date != null)
                .WhereIf(r.From is not null, i => i.Date >= r.From)
                .WhereIf(r.To is not null, i => i.Date <= r.To),
            _ => rows,
        };
    }

    /// <summary>An order the condition's index already has, so a bounded count is a plain index walk (and the order is defined).</summary>
    private static IQueryable<CustomFieldIndex> InIndexOrder(IQueryable<CustomFieldIndex> rows, FilterTest test) => test switch
    {
        TextIn => rows.OrderBy(i => i.Text).ThenBy(i => i.EntityId),
        NumberRange => rows.OrderBy(i => i.Number).ThenBy(i => i.EntityId),
        DateRange => rows.OrderBy(i => i.Date).ThenBy(i => i.EntityId),
        _ => rows.OrderBy(i => i.FieldId),
    };

    /// <summary>Card id IN (matching rows): lets the database start from the index.</summary>
    internal static Expression<Func<T, bool>> In<T>(IQueryable<CustomFieldIndex> rows) where T : class =>
        e => rows.Select(i => i.EntityId).Contains(EF.Property<int>(e, "Id"));

    /// <summary>
    /// A probe of one card's rows. The kind is given so the (kind, entity, field) index answers it
    /// with one seek whatever the test, rather than walking a value range per card.
    /// </summary>
    internal static Expression<Func<T, bool>> Exists<T>(IQueryable<CustomFieldIndex> rows, FieldTarget kind, bool negate) where T : class =>
        negate
            ? e => !rows.Any(i => i.EntityKind == kind && i.EntityId == EF.Property<int>(e, "Id"))
            : e => rows.Any(i => i.EntityKind == kind && i.EntityId == EF.Property<int>(e, "Id"));

    private static IQueryable<T> WhereIf<T>(this IQueryable<T> q, bool condition, Expression<Func<T, bool>> predicate) =>
        condition ? q.Where(predicate) : q;
}
