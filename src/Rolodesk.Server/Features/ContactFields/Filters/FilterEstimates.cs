using System.Collections.Concurrent;
using System.Globalization;
using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.ContactFields.Filters;

/// <summary>
/// How many index rows a condition matched lately, capped at <see cref="CardFilterQuery.DriveLimit"/> + 1,
/// kept for a minute per process. An estimate only picks the query shape (start from the condition's
/// rows, or read cards in sort order): a stale one costs time, never a wrong result, because the
/// selective shape reads the rows again with the cap and falls back when there are more. Paging
/// through a filtered list re-plans the same conditions on every request; this spares each one a
/// bounded count per condition (a walk of up to 5,001 index entries).
/// </summary>
internal static class FilterEstimates
{
    private const int MaxEntries = 4_096;
    private static readonly long Lifetime = 60_000; // ms
    private static readonly ConcurrentDictionary<string, (int Rows, long At)> Entries = new(StringComparer.Ordinal);

    public static bool TryGet(FieldTarget target, FilterCondition c, out int rows)
    {
        if (Entries.TryGetValue(Key(target, c), out var e) && Environment.TickCount64 - e.At < Lifetime)
        {
            rows = e.Rows;
            return true;
        }
        rows = 0;
        return false;
    }

    public static void Set(FieldTarget target, FilterCondition c, int rows)
    {
        if (Entries.Count >= MaxEntries) Entries.Clear();
        Entries[Key(target, c)] = (rows, Environment.TickCount64);
    }

    public static void Forget(FieldTarget target, FilterCondition c) => Entries.TryRemove(Key(target, c), out _);

    private static string Key(FieldTarget target, FilterCondition c) => string.Create(CultureInfo.InvariantCulture, $"{(int)target}:{c.Field.Id}:") + c.Test switch
    {
        TextIn t => "t:" + string.Join('\u001f', t.Values),
        NumberRange r => string.Create(CultureInfo.InvariantCulture, $"n:{r.From}:{r.To}"),
        DateRange r => string.Create(CultureInfo.InvariantCulture, $"d:{r.From:O}:{r.To:O}"),
        Presence p => p.HasValue ? "p:1" : "p:0",
        _ => c.Test.ToString(),
    };
}
