using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts.Transfer;

// Companies: a row with an id updates that company (an unknown id is an error), a row without
// one creates a company. Names need not be unique, so they cannot be the match key.
public sealed partial class CsvImport
{
    private async Task<Action<ImportBatches>> PrepareCompaniesAsync(ImportJob job, Header header, FieldCatalog catalog, CancellationToken ct)
    {
        var idColumn = header.Index("id");
        var ids = new HashSet<int>();
        job.RowsTotal = CountRows(job, header, idColumn, cell =>
        {
            if (int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) ids.Add(id);
        });

        var list = ids.ToList();
        var existing = list.Count == 0 ? [] : await db.Companies.AsNoTracking()
            .Where(c => EF.Parameter(list).Contains(c.Id))
            .Select(c => new { c.Id, c.CustomFields }).ToDictionaryAsync(c => c.Id, c => c.CustomFields, ct);
        var cells = new CustomFieldCells(catalog, job.Actor, header.Fields) { Timings = job.Timings };
        var seen = new Dictionary<int, int>();

        return rows => ForEachRow(job, header, (number, row) =>
        {
            var errors = new ValidationErrors();
            var name = CsvFormat.Restore(row[header.Index("name")!.Value]);
            ContactRules.Name(name, errors);
            int? id = null;
            string? stored = null;
            if (idColumn is { } i && ContactRules.Clean(row[i]) is { } idText)
            {
                if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || !existing.TryGetValue(parsed, out stored))
                    errors.Add("id", $"There is no company with id {idText}; leave the id empty to create one.");
                else if (!seen.TryAdd(parsed, number)) errors.Add("id", $"The same company is on row {seen[parsed]}.");
                else id = parsed;
            }
            var document = (id is null ? cells.TryCreate(row, []) : null) ?? cells.Apply(row, [], stored, id is null, errors);
            job.RowsChecked++;
            if (errors.Any || document is not { } d)
            {
                Report(job, number, errors);
                return;
            }
            if (Doomed(job)) return;
            var clean = ContactRules.Clean(name)!;
            rows.Add(new ImportRow
            {
                ExistingId = id,
                Name = clean,
                Document = d.Document,
                DocumentChanged = d.Changed.Length > 0,
                ChangedFields = d.Changed,
                Index = d.Index,
            });
        });
    }
}
