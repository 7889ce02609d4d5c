using nietras.SeparatedValues;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// Runs one import: checks every row (all errors, per row and column) on one thread while the
/// provider's bulk writer writes the rows already checked, in one transaction that is committed
/// only at the end, so nothing at all is written in mode "all" when any row failed. A column problem (unknown, duplicated, missing "name") concerns every
/// row, so nothing is written in either mode. Users: the check reads the file a chunk of rows at
/// a time and finds the chunk's known users with one query (on a context of its own) before
/// checking it; another thread counts the rows for the progress. Companies: a first pass collects
/// the ids, so known companies are found with one query, not one per row.
/// </summary>
public sealed partial class CsvImport(
    RolodeskDbContext db, Microsoft.EntityFrameworkCore.IDbContextFactory<RolodeskDbContext> dbs, CardFields fields, Microsoft.AspNetCore.Identity.ILookupNormalizer normalizer, IImportWriter writer, TimeProvider time)
{
    public async Task RunAsync(ImportJob job, CancellationToken ct)
    {
        job.Status = ImportStatus.Checking;
        var (prepareWall, prepareCpu) = (System.Diagnostics.Stopwatch.GetTimestamp(), job.Timings is null ? default : System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
        var catalog = await fields.CatalogAsync(job.Target, ct);
        var fixedColumns = job.Target == FieldTarget.Users ? CsvFormat.UserColumns : CsvFormat.CompanyColumns;
        var header = ReadHeader(job, fixedColumns, catalog);
        if (header is null || header.Invalid)
        {
            job.Finish(ImportStatus.Failed, time.GetUtcNow());
            return;
        }
        // The database reads come first: the context must not be used by two threads at once.
        var check = job.Target == FieldTarget.Users ? await PrepareUsersAsync(job, header, catalog, ct) : await PrepareCompaniesAsync(job, header, catalog, ct);
        // Before the check starts, this import is the process's only work in the benchmark: process CPU is its CPU.
        job.Timings?.AddProcess(ImportPhase.Prepare, prepareWall, prepareCpu);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var batches = new ImportBatches(stop.Token, writer.OrdersIndexRows, job.Timings);
        var checking = Task.Factory.StartNew(() => batches.Run(check, () => job.Status = ImportStatus.Writing),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await writer.WriteAsync(new ImportPlan(job.Target, batches.Reader, time.GetUtcNow().ToUnixTimeMilliseconds(), () => Doomed(job)), job, ct);
        }
        catch
        {
            // A failed write (e.g. an email taken meanwhile) stops the check, which may wait for the writer.
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            await checking;
        }
        var failed = job.ErrorCount > 0 && (job.Mode == ImportMode.All || job.RowsWritten == 0);
        job.Finish(failed ? ImportStatus.Failed : ImportStatus.Completed, time.GetUtcNow());
        if (job.RowsWritten > 0) await writer.AfterCommitAsync(job, ct);
    }

    /// <summary>Mode "all" with an error: the rest is still checked (to report every error), nothing is written.</summary>
    private static bool Doomed(ImportJob job) => job.Mode == ImportMode.All && job.ErrorCount > 0;

    /// <summary>The file's columns: fixed ones by name, custom ones by field key; problems are reported on row 1.</summary>
    private sealed record Header(Dictionary<string, int> Fixed, List<(int Column, CardField Field)> Fields, int Count, bool Invalid)
    {
        public int? Index(string name) => Fixed.TryGetValue(name, out var i) ? i : null;
    }

    private static Header? ReadHeader(ImportJob job, string[] fixedColumns, FieldCatalog catalog)
    {
        using var reader = Open(job.File);
        var names = reader.Header.ColNames;
        if (names.Count == 0 || names.All(string.IsNullOrWhiteSpace))
        {
            job.AddError(1, null, "The file is empty: the first row must name the columns.");
            return null;
        }
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        var custom = new List<(int, CardField)>();
        var invalid = false;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (known.ContainsKey(name) || custom.Any(c => c.Item2.Key == name)) Error(name, "This column appears twice.");
            else if (fixedColumns.Contains(name)) known[name] = i;
            // A field the actor may not display is as unknown to them as a field that does not exist.
            else if (catalog.Find(name) is { Live: true } field && field.LevelFor(job.Actor) is not null) custom.Add((i, field));
            else Error(name, $"Unknown column. Expected {string.Join(", ", fixedColumns)} or the key of a custom field.");
        }
        if (!known.ContainsKey("name")) Error("name", "This column is required.");
        return new Header(known, custom, names.Count, invalid);

        void Error(string column, string message)
        {
            job.AddError(1, column, message);
            invalid = true;
        }
    }

    // Short cells repeat a lot (drop-down labels, "true", group names): pooled per column, they are one string each.
    private static SepReader Open(string file) =>
        CsvFormat.Separator.Reader(o => o with { Unescape = true, DisableColCountCheck = true, CreateToString = SepToString.PoolPerCol(maximumStringLength: 32) })
            .FromFile(file);

    /// <summary>
    /// Calls <paramref name="each"/> with the row number (1 = header) and the cells of every
    /// non-blank data row that has the header's column count; other rows are reported.
    /// </summary>
    private static void ForEachRow(ImportJob job, Header header, Action<int, string[]> each)
    {
        using var reader = Open(job.File);
        var cells = new string[header.Count];
        var number = 1;
        foreach (var row in reader)
        {
            number++;
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace()) continue;
            if (row.ColCount != header.Count)
            {
                job.AddError(number, null, $"Expected {header.Count} cells, found {row.ColCount}.");
                continue;
            }
            // One array for every row: the check reads the cells while handling the row and keeps none of them.
            for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString();
            each(number, cells);
        }
    }

    /// <summary>
    /// <see cref="ForEachRow"/> a chunk of up to <paramref name="size"/> rows at a time (row number,
    /// cells). The cell arrays are reused from chunk to chunk: the check keeps none of them.
    /// </summary>
    private static void ForEachChunk(ImportJob job, Header header, int size, Action<List<(int Number, string[] Cells)>> each)
    {
        var chunk = new List<(int, string[])>(size);
        var spare = new Stack<string[]>();
        ForEachRow(job, header, (number, cells) =>
        {
            var copy = spare.Count > 0 ? spare.Pop() : new string[cells.Length];
            cells.CopyTo(copy, 0);
            chunk.Add((number, copy));
            if (chunk.Count == size) Flush();
        });
        if (chunk.Count > 0) Flush();

        void Flush()
        {
            each(chunk);
            foreach (var (_, cells) in chunk) spare.Push(cells);
            chunk.Clear();
        }
    }

    /// <summary>
    /// Counts the rows <see cref="ForEachRow"/> would hand over (same skipping rules) and passes
    /// each one's cell of <paramref name="column"/> (if any) to <paramref name="each"/>.
    /// </summary>
    private static int CountRows(ImportJob job, Header header, int? column, Action<string> each)
    {
        using var reader = Open(job.File);
        var count = 0;
        foreach (var row in reader)
        {
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace()) continue;
            if (row.ColCount != header.Count) continue;
            count++;
            if (column is { } c) each(row[c].ToString());
        }
        return count;
    }

    /// <summary>Reports a row's errors, each under its column (the field key for custom fields).</summary>
    private static void Report(ImportJob job, int number, ValidationErrors errors)
    {
        foreach (var (column, messages) in errors.All)
            foreach (var message in messages) job.AddError(number, column, message);
    }
}
