using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rolodesk.Data;

namespace Rolodesk.Server.Features.Distribution;

/// <summary>
/// Every write that decides who holds a request (automatic runs, reassignments by hand) runs in
/// a transaction that holds this lock, so decisions are taken one at a time on the state they
/// read, also across app instances: a transaction-scoped advisory lock on PostgreSQL, and on
/// SQLite the write lock that BEGIN IMMEDIATE takes (SQLite has one writer anyway).
/// Capacity and "never twice" hold because nobody else decides between the read and the write.
/// </summary>
public static class DistributionLock
{
    /// <summary>Any constant, the same in every instance: "distrib" in ASCII.</summary>
    private const long Key = 0x64697374726962;

    public static async Task<IDbContextTransaction> BeginAsync(RolodeskDbContext db, CancellationToken ct)
    {
        var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({Key})", ct);
        return tx;
    }
}
