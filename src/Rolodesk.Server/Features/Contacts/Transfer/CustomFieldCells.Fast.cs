using System.Buffers;
using System.Text;
using System.Text.Json;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.ContactFields.Values;

namespace Rolodesk.Server.Features.Contacts.Transfer;

// The fast path for the common row: a new card whose non-blank cells are all editable by the
// actor, on the card, and certainly valid (IFieldType.TryParseCell). It builds the same document
// (values in column order, then defaults in card order, as Apply's dictionary orders them) and
// the same index rows as Apply + IndexRows, without a JsonElement per value. Any other row
// (an update, an error, a display-only field, a missing mandatory value) returns null and takes
// Apply, which reports the errors: the rules stay in one place.
public sealed partial class CustomFieldCells
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private Utf8JsonWriter? _writer;
    private readonly Dictionary<int, IndexedValue> _defaultIndex = [];
    private readonly CellValue?[] _cells = new CellValue?[columns.Count];

    /// <summary>The benchmark's phase split (the document's share of the check); null in the server.</summary>
    public ImportTimings? Timings { get; init; }

    /// <summary>A new card's document and index rows, or null when the row needs <see cref="Apply"/>.</summary>
    public (string? Document, int[] Changed, List<IndexRow> Index)? TryCreate(string[] cells, IReadOnlyCollection<int> cardGroupIds)
    {
        var given = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            var (column, field) = columns[i];
            _cells[i] = null;
            var text = CsvFormat.Restore(cells[column]);
            if (string.IsNullOrWhiteSpace(text)) continue; // on a create: not given, the default applies
            if (!catalog.AppliesTo(field, cardGroupIds) || field.LevelFor(actor) is not (FieldAccessLevel.Edit or FieldAccessLevel.Mandatory)
                || !field.Type.TryParseCell(text, field.ParsedSettings, out var value)) return null;
            _cells[i] = value;
            given++;
        }

        var changed = new List<CardField>(given + 4);
        foreach (var field in catalog.Fields)
        {
            if (!catalog.AppliesTo(field, cardGroupIds)) continue;
            var has = Given(field) >= 0 || Default(field) is not null;
            if (!has && field.LevelFor(actor) == FieldAccessLevel.Mandatory) return null;
            if (has) changed.Add(field);
        }
        if (changed.Count == 0) return (null, [], []);

        var serialising = Timings is null ? default : ImportTimings.Mark();
        var writer = Writer();
        writer.WriteStartObject();
        for (var i = 0; i < columns.Count; i++)
        {
            if (_cells[i] is not { } cell) continue;
            writer.WritePropertyName(columns[i].Field.Key);
            cell.WriteTo(writer);
        }
        foreach (var field in changed)
        {
            if (Given(field) >= 0 || Default(field) is not { } d) continue;
            writer.WritePropertyName(field.Key);
            d.WriteTo(writer);
        }
        writer.WriteEndObject();
        writer.Flush();
        var document = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        Timings?.Move(ImportPhase.Check, ImportPhase.Document, serialising);

        var index = new List<IndexRow>(changed.Count + 2);
        var ids = new int[changed.Count];
        for (var c = 0; c < changed.Count; c++)
        {
            var field = changed[c];
            ids[c] = field.Id;
            var at = Given(field);
            var indexed = at >= 0 ? _cells[at]!.Value.Index : DefaultIndex(field);
            foreach (var r in CardIndex.Rows(field.Id, indexed, catalog.Target, 0, null))
                index.Add(new IndexRow(field.Id, r.Seq, r.Text, r.Number is { } n ? (double)n : null, r.Date));
        }
        return (document, ids, index);
    }

    /// <summary>Each field's position in <c>columns</c> (by field id), found once instead of per field and row.</summary>
    private readonly Dictionary<int, int> _positions = columns.Select((c, i) => (c.Field.Id, i)).ToDictionary(p => p.Id, p => p.i);

    /// <summary>The column position of the field's parsed value in this row, -1 if not given.</summary>
    private int Given(CardField field) =>
        _positions.TryGetValue(field.Id, out var i) && _cells[i] is not null && ReferenceEquals(columns[i].Field, field) ? i : -1;

    /// <summary>The default a create fills in; a JSON null default is none.</summary>
    private static JsonElement? Default(CardField field) =>
        field.Default is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } d ? d : null;

    private IndexedValue DefaultIndex(CardField field)
    {
        if (!_defaultIndex.TryGetValue(field.Id, out var indexed))
            _defaultIndex[field.Id] = indexed = field.Type.ToIndexed(field.Default!.Value, field.ParsedSettings);
        return indexed;
    }

    /// <summary>One writer for every row, with the serializer's options, so the bytes match <see cref="CardDocument.Serialize"/>.</summary>
    private Utf8JsonWriter Writer()
    {
        _buffer.ResetWrittenCount();
        if (_writer is null) _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = Json.Options.Encoder, SkipValidation = true });
        else _writer.Reset(_buffer);
        return _writer;
    }
}
