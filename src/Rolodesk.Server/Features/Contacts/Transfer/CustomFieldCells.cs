using System.Text.Json;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// Turns a row's custom field cells into a card document with the actor's access, by the same
/// rules as the API: text is parsed by the field's type (labels, not ids, with settings parsed
/// once per field), then <see cref="CardFields.Apply"/> refuses non-editable changes, checks
/// mandatory fields and fills defaults. An empty cell clears the value on an update and means
/// "not given" on a create, so defaults apply (a CSV cannot tell null from absent).
/// </summary>
public sealed partial class CustomFieldCells(FieldCatalog catalog, UserAccess actor, IReadOnlyList<(int Column, CardField Field)> columns)
{
    private const string Prefix = "customFields.";

    /// <summary>The new document and its index rows, or null after adding errors keyed by column (= field key).</summary>
    public (string? Document, int[] Changed, List<IndexRow> Index)? Apply(
        string[] cells, IReadOnlyCollection<int> cardGroupIds, string? stored, bool creating, ValidationErrors errors)
    {
        var requested = new Dictionary<string, JsonElement>(columns.Count, StringComparer.Ordinal);
        Dictionary<string, JsonElement>? before = null;
        var failed = false;
        foreach (var (column, field) in columns)
        {
            var text = CsvFormat.Restore(cells[column]);
            var blank = string.IsNullOrWhiteSpace(text);
            if (!catalog.AppliesTo(field, cardGroupIds))
            {
                if (!blank) Fail(field.Key, CardFields.NoSuchField);
                continue;
            }
            if (blank)
            {
                if (!creating) requested[field.Key] = Json.Null;
                continue;
            }
            before ??= CardDocument.Parse(stored);
            var old = before.TryGetValue(field.Key, out var o) ? o : (JsonElement?)null;
            if (field.LevelFor(actor) is FieldAccessLevel.Edit or FieldAccessLevel.Mandatory)
            {
                if (field.Type.ParseText(text, field.ParsedSettings, errors, field.Key, old) is { } v) requested[field.Key] = v;
                else failed = true;
            }
            else if (field.Type.ParseText(text, field.ParsedSettings, new ValidationErrors(), field.Key, old) is { } v) requested[field.Key] = v;
            // Text that does not even parse cannot be the stored value: it is an edit, refused as such.
            else Fail(field.Key, CardFields.MayNotEdit);
        }
        var applyErrors = new ValidationErrors();
        var change = CardFields.Apply(catalog, actor, cardGroupIds, stored, requested, creating, applyErrors);
        foreach (var (path, messages) in applyErrors.All)
            foreach (var message in messages) errors.Add(path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : path, message);
        if (failed || change is null) return null;
        return (change.Document, [.. change.Changed.Select(f => f.Id)], IndexRows(change.Changed, requested, stored, creating));

        void Fail(string column, string message)
        {
            errors.Add(column, message);
            failed = true;
        }
    }

    /// <summary>
    /// The index rows of the changed fields (the writers replace exactly those). Their new value is
    /// the one parsed from the file, else the default a create filled in, else (an update keeping
    /// its value) the stored one; re-reading the whole document per card would double the check's cost.
    /// </summary>
    private List<IndexRow> IndexRows(IReadOnlyList<CardField> changed, Dictionary<string, JsonElement> requested, string? stored, bool creating)
    {
        var rows = new List<IndexRow>(changed.Count);
        Dictionary<string, JsonElement>? before = null;
        foreach (var field in changed)
        {
            JsonElement value;
            if (requested.TryGetValue(field.Key, out var sent)) value = sent;
            else if (creating && field.Default is { } d) value = d;
            else if ((before ??= CardDocument.Parse(stored)).TryGetValue(field.Key, out var kept)) value = kept;
            else continue;
            if (value.ValueKind == JsonValueKind.Null) continue;
            foreach (var r in CardIndex.Rows(field.Id, field.Type.ToIndexed(value, field.ParsedSettings), catalog.Target, 0, null))
                rows.Add(new IndexRow(field.Id, r.Seq, r.Text, r.Number is { } n ? (double)n : null, r.Date));
        }
        return rows;
    }
}
