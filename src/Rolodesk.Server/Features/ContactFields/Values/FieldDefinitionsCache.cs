using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;

namespace Rolodesk.Server.Features.ContactFields.Values;

/// <summary>
/// The field definitions of each target, kept for the whole process (ADR 0005): a card read then
/// costs no definitions query. A copy is trusted for <see cref="RecheckAfter"/>, then the database's
/// <see cref="DefinitionsStamp"/> (one primary-key read) says whether it is still current, so another
/// app instance's change is seen within that time. A change made by this process is seen at once:
/// <see cref="DefinitionsStampInterceptor"/> calls <see cref="Invalidate"/> when it commits.
/// Writes ask for a <c>fresh</c> catalog: they always compare the stamp, so values are never
/// validated against definitions another instance has already changed.
/// </summary>
public sealed class FieldDefinitionsCache(FieldTypeRegistry types, TimeProvider time)
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);

    private static readonly Func<RolodeskDbContext, CancellationToken, Task<Guid>> ReadStamp =
        EF.CompileAsyncQuery((RolodeskDbContext db, CancellationToken ct) =>
            db.Set<DefinitionsStamp>().Where(s => s.Id == DefinitionsStamp.SingletonId).Select(s => s.Value).Single());

    private sealed record Entry(Guid Stamp, FieldCatalog Catalog, long Generation, long CheckedAt);

    private readonly ConcurrentDictionary<FieldTarget, Entry> _entries = new();
    private long _generation;

    /// <summary>Makes every cached copy check the stamp on its next use (called after a definition change commits).</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    public async Task<FieldCatalog> GetAsync(RolodeskDbContext db, FieldTarget target, bool fresh, CancellationToken ct)
    {
        // Read before the stamp: an invalidation racing with this load leaves the entry marked old.
        var generation = Interlocked.Read(ref _generation);
        var now = time.GetTimestamp();
        _entries.TryGetValue(target, out var entry);
        if (entry is not null && !fresh && entry.Generation == generation && time.GetElapsedTime(entry.CheckedAt, now) < RecheckAfter)
            return entry.Catalog;

        // The stamp is read before the definitions: a change committed in between leaves a newer
        // catalog under an older stamp, which the next check reloads; never the other way round.
        var stamp = await ReadStamp(db, ct);
        var catalog = entry is not null && entry.Stamp == stamp ? entry.Catalog : await FieldCatalog.LoadAsync(db, types, target, ct);
        _entries[target] = new Entry(stamp, catalog, generation, now);
        return catalog;
    }
}
