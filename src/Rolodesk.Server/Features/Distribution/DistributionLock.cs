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
    /// <summary>
    /// The statement that takes the lock on PostgreSQL, for a caller that sends it in one batch with
    /// its reads. The key is any constant, the same in every instance: "distrib" in ASCII (0x64697374726962).
    /// </summary>
    public const string PostgresSql = "SELECT pg_advisory_xact_lock(28263442266876258)";

    /// <summary>
    /// Begins the transaction and takes the lock. With <paramref name="deferred"/> on PostgreSQL the
    /// caller takes it itself: the first statement it sends must be <see cref="PostgresSql"/> (which
    /// saves a round trip). On SQLite the transaction is the lock either way.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginAsync(RolodeskDbContext db, CancellationToken ct, bool deferred = false)
    {
        var tx = await db.Database.BeginTransactionAsync(ct);
        if (!deferred && db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync(PostgresSql, ct);
        return tx;
    }
}
