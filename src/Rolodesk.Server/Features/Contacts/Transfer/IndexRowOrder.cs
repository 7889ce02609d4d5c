namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// Puts a batch's index rows in the order of the value index (field, then the value, then for a text
/// the card's sort name: ADR 0010), so the writer walks that B-tree in order instead of hitting it at
/// random. Runs on the check's thread
/// (<see cref="ImportBatches"/>), which otherwise waits for the writer: the rows name their card by
/// its position in the batch, as new cards get their ids only in the writer. The rows are first grouped by
/// field (a counting sort: a batch holds few fields), then each field's rows are sorted by their one
/// value kind with primitive keys (number, day) or ordinal text: no comparer delegate per comparison,
/// which cost more than the ordering saved. Equal texts are then sorted by sort name; equal
/// values may come in any card order (the key ends with the card, but only the locality of the walk depends on it). The sort keys are reused
/// from batch to batch; each batch gets its own result (the writer still reads the previous one).
/// </summary>
internal sealed class IndexRowOrder
{
    private (int Row, IndexRow Index)[] _items = [];
    private double[] _numbers = [];
    private int[] _days = [];
    private string[] _texts = [];
    private readonly Dictionary<int, int> _starts = [];

    public (int Row, IndexRow Index)[] Sort(ImportRow[] rows)
    {
        var count = 0;
        foreach (var row in rows) count += row.Index.Count;
        _items = new (int, IndexRow)[count];
        if (_numbers.Length < count)
        {
            var size = Math.Max(count, _numbers.Length * 2);
            _numbers = new double[size];
            _days = new int[size];
            _texts = new string[size];
        }

        // Group by field, fields in ascending id order.
        _starts.Clear();
        foreach (var row in rows)
            foreach (var r in row.Index) _starts[r.FieldId] = _starts.GetValueOrDefault(r.FieldId) + 1;
        var fields = _starts.Keys.ToArray();
        Array.Sort(fields);
        var at = 0;
        foreach (var field in fields)
        {
            var n = _starts[field];
            _starts[field] = at;
            at += n;
        }
        var next = new Dictionary<int, int>(_starts);
        for (var i = 0; i < rows.Length; i++)
            foreach (var r in rows[i].Index) _items[next[r.FieldId]++] = (i, r);

        foreach (var field in fields) SortField(rows, _starts[field], next[field] - _starts[field]);
        var sorted = _items;
        _items = [];
        return sorted;
    }

    /// <summary>
    /// Sorts one field's rows by the value they hold (a field's rows all hold the same kind); text rows
    /// with the same text then by their card's sort name, the next column of the value index (ADR 0010).
    /// </summary>
    private void SortField(ImportRow[] rows, int start, int length)
    {
        var items = _items.AsSpan(start, length);
        var first = items[0].Index;
        if (first.Text is not null && All(items, static r => r.Text is not null))
        {
            for (var i = 0; i < length; i++) _texts[start + i] = items[i].Index.Text!;
            Array.Sort(_texts, _items, start, length, StringComparer.Ordinal);
            for (int run = start, end = start + length; run < end;)
            {
                var stop = run + 1;
                while (stop < end && string.Equals(_texts[stop], _texts[run], StringComparison.Ordinal)) stop++;
                if (stop - run > 1)
                {
                    for (var i = run; i < stop; i++) _texts[i] = rows[_items[i].Row].NormalizedName;
                    Array.Sort(_texts, _items, run, stop - run, StringComparer.Ordinal);
                }
                run = stop;
            }
            Array.Clear(_texts, start, length); // the strings may go once the batch is written
        }
        else if (first.Number is not null && All(items, static r => r.Number is not null))
        {
            for (var i = 0; i < length; i++) _numbers[start + i] = items[i].Index.Number!.Value;
            Array.Sort(_numbers, _items, start, length);
        }
        else if (first.Date is not null && All(items, static r => r.Date is not null))
        {
            for (var i = 0; i < length; i++) _days[start + i] = items[i].Index.Date!.Value.DayNumber;
            Array.Sort(_days, _items, start, length);
        }
        // Mixed kinds do not occur (one type per field); they would simply stay in card order.
    }

    private static bool All(Span<(int Row, IndexRow Index)> items, Func<IndexRow, bool> test)
    {
        foreach (var (_, r) in items)
            if (!test(r)) return false;
        return true;
    }
}
