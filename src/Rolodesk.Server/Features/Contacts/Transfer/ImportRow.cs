using Rolodesk.Data.ContactFields;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// One filter index row, kept compact: 100,000 cards × 20 fields are held until the write. A text
/// row's sort key is its card's <see cref="ImportRow.NormalizedName"/> (ADR 0010), added by the writers.
/// </summary>
public readonly record struct IndexRow(int FieldId, short Seq, string? Text, double? Number, DateOnly? Date);

/// <summary>
/// A checked row, ready to write: every value final (normalised, document serialised, index rows
/// computed), so the bulk writers only copy. <see cref="ExistingId"/> set = update that card.
/// </summary>
public sealed class ImportRow
{
    public int? ExistingId { get; set; }
    public required string Name { get; init; }

    /// <summary>The card's sort name (its <c>NormalizedName</c>): also the sort key of its text index rows.</summary>
    public string NormalizedName => field ??= Name.ToUpperInvariant();

    public string? Email { get; init; }
    public string? NormalizedEmail { get; init; }
    public string? Phone { get; init; }
    public string? NormalizedPhone { get; init; }
    public int? CompanyId { get; init; }
    /// <summary>User groups to set; null = keep the current ones (updates only).</summary>
    public int[]? GroupIds { get; init; }
    public string? Document { get; init; }
    /// <summary>Whether the document differs from the stored one.</summary>
    public bool DocumentChanged { get; init; }
    /// <summary>The new index rows of the changed fields; an update first drops those fields' old rows.</summary>
    public List<IndexRow> Index { get; init; } = [];
    /// <summary>The fields whose values changed (an update drops their index rows).</summary>
    public int[] ChangedFields { get; init; } = [];
}

/// <summary>
/// A batch of checked rows and, if the writer asks for them (<see cref="IImportWriter.OrdersIndexRows"/>),
/// all their index rows in the value index's order (see <see cref="IndexRowOrder"/>), each naming
/// its card by position in <see cref="Rows"/>.
/// </summary>
public sealed record ImportBatch(ImportRow[] Rows, (int Row, IndexRow Index)[] Index);

/// <summary>
/// What the writers receive: the valid rows of one file, in batches as the check passes them, and
/// whether the file is already doomed (mode "all" with an error): then nothing may be committed.
/// </summary>
public sealed record ImportPlan(FieldTarget Target, System.Threading.Channels.ChannelReader<ImportBatch> Batches, long NowMs, Func<bool> Doomed);

/// <summary>
/// Writes a plan in one transaction, batch by batch; commits only if the plan is not doomed once
/// every batch is in (else rolls back and leaves RowsWritten at 0). One implementation per provider.
/// </summary>
public interface IImportWriter
{
    /// <summary>
    /// Whether the writer wants each batch's index rows in the value index's order
    /// (<see cref="ImportBatch.Index"/>; otherwise it is empty and the check spends nothing on it).
    /// </summary>
    bool OrdersIndexRows => false;

    Task WriteAsync(ImportPlan plan, ImportJob job, CancellationToken ct);

    /// <summary>
    /// Housekeeping after a committed write, run once the job already shows as finished (the rows
    /// are visible from the commit on). Must not throw for a failure the import's result does not depend on.
    /// </summary>
    Task AfterCommitAsync(ImportJob job, CancellationToken ct) => Task.CompletedTask;
}
