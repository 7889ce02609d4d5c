using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.ContactFields.Values;

/// <summary>
/// Keeps the filter index (<see cref="CustomFieldIndex"/>) in step with a card's document: the
/// rows of changed fields are replaced through the change tracker, so they are saved by the same
/// SaveChanges (one transaction) as the card itself.
/// </summary>
public static class CardIndex
{
    /// <summary>
    /// Replaces the rows of the changed fields; their text rows carry <paramref name="sortKey"/> (the
    /// card's <c>NormalizedName</c>, ADR 0010). When the card was <paramref name="renamed"/>, the
    /// text rows of the unchanged fields get the new sort key too, saved by the same SaveChanges.
    /// </summary>
    public static async Task ReplaceAsync(
        RolodeskDbContext db, FieldTarget kind, int entityId, string sortKey, string? document, IReadOnlyList<CardField> changed,
        bool created, bool renamed, CancellationToken ct)
    {
        if (changed.Count == 0 && !renamed) return;
        var ids = changed.Select(f => f.Id).ToList();
        var rows = db.Set<CustomFieldIndex>();
        // A card created in this transaction has no rows yet: no need to look.
        if (!created && renamed)
        {
            foreach (var row in await rows.Where(r => r.EntityKind == kind && r.EntityId == entityId).ToListAsync(ct))
            {
                if (ids.Contains(row.FieldId)) rows.Remove(row);
                else if (row.Text is not null) row.SortKey = sortKey;
            }
        }
        else if (!created && changed.Count > 0)
            rows.RemoveRange(await rows.Where(r => r.EntityKind == kind && r.EntityId == entityId && ids.Contains(r.FieldId)).ToListAsync(ct));
        if (changed.Count == 0) return;
        var values = CardDocument.Parse(document);
        foreach (var field in changed)
            if (values.TryGetValue(field.Key, out var value)) rows.AddRange(Rows(field.Id, field.Type.ToIndexed(value, field.ParsedSettings), kind, entityId, sortKey));
    }

    /// <summary>
    /// The index rows of one value, numbered from 0 (<see cref="CustomFieldIndex.Seq"/>): a text row
    /// per text (nested: per path prefix), or a number row, or a date row, or (presence only) one row without a value.
    /// Only text rows carry the card's <paramref name="sortKey"/> (ADR 0010): the other rows' index entries stay narrow.
    /// </summary>
    public static IEnumerable<CustomFieldIndex> Rows(int fieldId, Types.IndexedValue value, FieldTarget kind, int entityId, string? sortKey)
    {
        short seq = 0;
        if (value.PresenceOnly) yield return new CustomFieldIndex { EntityKind = kind, EntityId = entityId, FieldId = fieldId, Seq = 0 };
        foreach (var text in value.Texts)
            yield return new CustomFieldIndex { EntityKind = kind, EntityId = entityId, FieldId = fieldId, Seq = seq++, Text = Cut(text), SortKey = sortKey };
        if (value.Number is { } n)
            yield return new CustomFieldIndex { EntityKind = kind, EntityId = entityId, FieldId = fieldId, Seq = seq++, Number = n };
        if (value.Date is { } d)
            yield return new CustomFieldIndex { EntityKind = kind, EntityId = entityId, FieldId = fieldId, Seq = seq, Date = d };
    }

    /// <summary>Removes every index row of a deleted card (the rows have no foreign key to it: they point at users or companies).</summary>
    public static Task DeleteCardAsync(RolodeskDbContext db, FieldTarget kind, int entityId, CancellationToken ct) =>
        db.Set<CustomFieldIndex>().Where(r => r.EntityKind == kind && r.EntityId == entityId).ExecuteDeleteAsync(ct);

    private static string Cut(string text)
    {
        const int max = CustomFieldIndex.TextMax;
        if (text.Length <= max) return text;
        // Never cut a surrogate pair in half: PostgreSQL refuses the lone half.
        return text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];
    }

}
