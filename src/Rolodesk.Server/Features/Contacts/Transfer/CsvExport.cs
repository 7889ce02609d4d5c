using System.Text;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// Streams users or companies as CSV: the table is read in pages by id (keyset, so page N costs
/// what page 1 costs) and each page is flushed to the response before the next is read, so the
/// file is never held in memory. Custom field columns are the fields the actor may display;
/// a value the actor may not display never reaches the writer.
/// </summary>
public static class CsvExport
{
    private const int PageSize = 1000;

    public static async Task WriteUsersAsync(
        HttpResponse response, RolodeskDbContext db, CardFields fields, UserAccess actor,
        string? search, int? companyId, int? groupId, CancellationToken ct)
    {
        var catalog = await fields.CatalogAsync(FieldTarget.Users, ct);
        var columns = Displayable(catalog, actor);
        var q = db.Users.AsNoTracking().Search(search);
        if (companyId is { } c) q = q.Where(u => u.CompanyId == c);
        if (groupId is { } g) q = q.Where(u => u.Groups.Any(x => x.Id == g));

        await using var csv = new PagedCsv(response, "users", [.. CsvFormat.UserColumns, .. columns.Select(f => f.Key)]);
        var last = 0;
        while (true)
        {
            var page = await q.Where(u => u.Id > last).OrderBy(u => u.Id).Take(PageSize).ToRows().ToListAsync(ct);
            foreach (var row in page)
            {
                var card = row.Card;
                var groupIds = card.Groups.Select(x => x.Id).ToList();
                csv.Row([card.Id.ToString(), card.Name, card.Email ?? "", card.Phone ?? "", card.Company?.Name ?? "",
                    string.Join(CsvFormat.GroupSeparator, card.Groups.Select(x => x.Name)),
                    .. Values(catalog, columns, groupIds, row.Document)]);
            }
            await csv.FlushAsync(ct);
            if (page.Count < PageSize) break;
            last = page[^1].Card.Id;
        }
    }

    public static async Task WriteCompaniesAsync(
        HttpResponse response, RolodeskDbContext db, CardFields fields, UserAccess actor, string? search, CancellationToken ct)
    {
        var catalog = await fields.CatalogAsync(FieldTarget.Companies, ct);
        var columns = Displayable(catalog, actor);
        var q = db.Companies.AsNoTracking().Search(search);

        await using var csv = new PagedCsv(response, "companies", [.. CsvFormat.CompanyColumns, .. columns.Select(f => f.Key)]);
        var last = 0;
        while (true)
        {
            var page = await q.Where(x => x.Id > last).OrderBy(x => x.Id).Take(PageSize)
                .Select(x => new { x.Id, x.Name, x.CustomFields }).ToListAsync(ct);
            foreach (var row in page)
                csv.Row([row.Id.ToString(), row.Name, .. Values(catalog, columns, [], row.CustomFields)]);
            await csv.FlushAsync(ct);
            if (page.Count < PageSize) break;
            last = page[^1].Id;
        }
    }

    /// <summary>Live fields the actor may display, in card order: the custom columns of the file.</summary>
    public static List<CardField> Displayable(FieldCatalog catalog, UserAccess actor) =>
        [.. catalog.Fields.Where(f => f.Live && f.LevelFor(actor) is not null)];

    /// <summary>One text per column; empty where the field does not apply to the card or it has no value.</summary>
    private static IEnumerable<string> Values(FieldCatalog catalog, List<CardField> columns, IReadOnlyCollection<int> cardGroupIds, string? document)
    {
        var values = CardDocument.Parse(document);
        foreach (var field in columns)
            yield return catalog.AppliesTo(field, cardGroupIds) && values.TryGetValue(field.Key, out var v)
                ? field.Type.FormatText(v, field.ParsedSettings)
                : "";
    }

    /// <summary>
    /// A Sep writer over a string buffer that is copied to the response after each page: Sep's
    /// writer is synchronous, and Kestrel refuses synchronous writes to the body.
    /// </summary>
    private sealed class PagedCsv : IAsyncDisposable
    {
        private readonly StringBuilder _buffer = new();
        private readonly HttpResponse _response;
        private readonly SepWriter _writer;
        private readonly int _columns;

        public PagedCsv(HttpResponse response, string name, string[] header)
        {
            _response = response;
            _columns = header.Length;
            response.ContentType = CsvFormat.ContentType;
            response.Headers.ContentDisposition = $"attachment; filename=\"{name}.csv\"";
            // Escape: quote cells holding commas, quotes or line breaks (RFC 4180).
            _writer = CsvFormat.Separator.Writer(o => o with { Escape = true }).To(_buffer);
            _writer.Header.Add(header);
            _writer.Header.Write();
        }

        public void Row(string[] cells)
        {
            using var row = _writer.NewRow();
            for (var i = 0; i < _columns; i++) row[i].Set(CsvFormat.Neutralise(cells[i]));
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            _writer.Flush();
            if (_buffer.Length == 0) return;
            await _response.WriteAsync(_buffer.ToString(), Encoding.UTF8, ct);
            _buffer.Clear();
        }

        public ValueTask DisposeAsync()
        {
            _writer.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
