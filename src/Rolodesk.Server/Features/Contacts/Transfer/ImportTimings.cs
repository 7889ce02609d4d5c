using System.Diagnostics;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>
/// Where a writer spent its time, per table (Stopwatch ticks summed over the batches): set on a
/// job by the import benchmark to split the write phase; the server leaves it null.
/// </summary>
public sealed class ImportTimings
{
    private long _cards, _members, _index;

    public TimeSpan Cards => Stopwatch.GetElapsedTime(0, _cards);
    public TimeSpan Members => Stopwatch.GetElapsedTime(0, _members);
    public TimeSpan Index => Stopwatch.GetElapsedTime(0, _index);

    public void Add(long cards, long members, long index)
    {
        Interlocked.Add(ref _cards, cards);
        Interlocked.Add(ref _members, members);
        Interlocked.Add(ref _index, index);
    }
}
