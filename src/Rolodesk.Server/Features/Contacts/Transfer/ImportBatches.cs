using System.Threading.Channels;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// Checked rows on their way to the writer, <see cref="Size"/> at a time: the check runs on its
/// own thread while the writer writes the batches already checked (two cores busy instead of one
/// after the other). Bounded, so a slow writer holds the check back and memory stays small.
/// </summary>
public sealed class ImportBatches(CancellationToken ct, bool orderIndexRows, ImportTimings? timings = null)
{
    public const int Size = 4_000;

    private readonly Channel<ImportBatch> _channel = Channel.CreateBounded<ImportBatch>(
        new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
    private readonly List<ImportRow> _current = new(Size);
    private readonly IndexRowOrder _order = new();

    public ChannelReader<ImportBatch> Reader => _channel.Reader;

    public void Add(ImportRow row)
    {
        _current.Add(row);
        if (_current.Count == Size) Send();
    }

    /// <summary>Runs the (synchronous) check, then completes the batches; a failure reaches the writer through them.</summary>
    public void Run(Action<ImportBatches> check, Action done)
    {
        var start = timings is null ? default : ImportTimings.Mark();
        try
        {
            check(this);
            timings?.Add(ImportPhase.Check, start);
            if (_current.Count > 0) Send();
            done();
            _channel.Writer.Complete();
        }
        catch (Exception e)
        {
            _channel.Writer.TryComplete(e);
        }
    }

    private void Send()
    {
        var rows = _current.ToArray();
        _current.Clear();
        // The writer's sort, done here: this thread would otherwise wait for the writer.
        var sorting = timings is null ? default : ImportTimings.Mark();
        var batch = new ImportBatch(rows, orderIndexRows ? _order.Sort(rows) : []);
        timings?.Move(ImportPhase.Check, ImportPhase.Order, sorting);
        // The check's thread is its own (long-running), so waiting here blocks no one else.
        if (_channel.Writer.TryWrite(batch)) return;
        var waiting = timings is null ? default : ImportTimings.Mark();
        _channel.Writer.WriteAsync(batch, ct).AsTask().GetAwaiter().GetResult();
        // The check's time blocked on a full channel (the writer is behind) is not the check's own.
        timings?.Move(ImportPhase.Check, ImportPhase.Waiting, waiting);
    }
}
