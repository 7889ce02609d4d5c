using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>The three default statuses a fresh install has; idempotent, and safe when two instances start at once.</summary>
public static class StatusSeed
{
    private static readonly Status[] Defaults =
    [
        new() { Name = "Online", Color = "#2E7D32", Position = 0, AcceptsRequests = true, SystemKey = SystemStatuses.Online },
        new() { Name = "On hold", Color = "#F9A825", Position = 1, SystemKey = SystemStatuses.OnHold },
        new() { Name = "Offline", Color = "#9E9E9E", Position = 2, SystemKey = SystemStatuses.Offline },
    ];

    public static async Task EnsureDefaultStatusesAsync(RolodeskDbContext db, CancellationToken ct = default)
    {
        var present = await db.Statuses.Where(s => s.SystemKey != null).Select(s => s.SystemKey!).ToListAsync(ct);
        var missing = Defaults.Where(d => !present.Contains(d.SystemKey!)).ToList();
        if (missing.Count == 0) return;
        db.Statuses.AddRange(missing.Select(d => new Status
        {
            Name = d.Name,
            Color = d.Color,
            Position = d.Position,
            AcceptsRequests = d.AcceptsRequests,
            SystemKey = d.SystemKey,
        }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Races.IsLostRace(e))
        {
            // Another instance seeded them first: the unique system key refused our copies.
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>
/// Ids of the default statuses, read once: they are seeded at start and can never be deleted,
/// so caching them per application (not per process: tests run several apps) is safe.
/// </summary>
public sealed class SystemStatusIds
{
    private volatile IReadOnlyDictionary<string, int>? _ids;

    public async ValueTask<int> OnlineAsync(RolodeskDbContext db, CancellationToken ct = default) => (await AllAsync(db, ct))[SystemStatuses.Online];

    public async ValueTask<int> OfflineAsync(RolodeskDbContext db, CancellationToken ct = default) => (await AllAsync(db, ct))[SystemStatuses.Offline];

    public async ValueTask<IReadOnlyDictionary<string, int>> AllAsync(RolodeskDbContext db, CancellationToken ct = default) =>
        _ids ??= await db.Statuses.AsNoTracking().Where(s => s.SystemKey != null)
            .ToDictionaryAsync(s => s.SystemKey!, s => s.Id, StringComparer.Ordinal, ct);
}
