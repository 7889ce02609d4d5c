using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Components.Pages.ContactFields;

/// <summary>
/// Reads for the Contact fields page, each in a short-lived context of its own (a circuit runs
/// handlers concurrently). Definitions are few, so they are shaped in memory like the API does.
/// </summary>
public static class FieldsData
{
    /// <summary>A target's field groups with all their fields, archived ones included; live first, each in position order.</summary>
    public static async Task<List<FieldGroupDetail>> GroupsAsync(this IDbContextFactory<RolodeskDbContext> dbs, string target, CancellationToken ct = default)
    {
        var t = FieldRules.ParseTarget(target) ?? throw new ArgumentException($"Unknown target '{target}'.", nameof(target));
        await using var db = await dbs.CreateDbContextAsync(ct);
        var groups = await db.GroupsWithAudience().AsNoTracking().Where(g => g.Target == t).ToListAsync(ct);
        var fields = await db.FieldsWithAccess().AsNoTracking().Where(f => f.Target == t).ToListAsync(ct);
        return [.. groups.OrderBy(g => g.ArchivedAt is not null).ThenBy(g => g.Position).ThenBy(g => g.Id)
            .Select(g => g.ToDetail(InOrder(fields.Where(f => f.FieldGroupId == g.Id))))];
    }

    /// <summary>Live fields in position order, then archived ones (their positions are stale).</summary>
    private static IEnumerable<CustomField> InOrder(IEnumerable<CustomField> fields) =>
        fields.OrderBy(f => f.ArchivedAt is not null).ThenBy(f => f.Position).ThenBy(f => f.Id);

    public static async Task<Page<ContactFieldAuditResponse>> AuditAsync(this IDbContextFactory<RolodeskDbContext> dbs, int page, int pageSize, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.AuditPageAsync(null, null, page, pageSize, ct);
    }
}
