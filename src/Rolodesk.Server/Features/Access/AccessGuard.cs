using System.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rolodesk.Data;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Access;

/// <summary>
/// Keeps at least one user able to manage user groups. Changes that could remove the last one
/// run in a serialisable transaction, write, count, and roll back when nobody would be left.
/// </summary>
public static class AccessGuard
{
    public static Task<IDbContextTransaction> BeginAsync(RolodeskDbContext db, CancellationToken ct) =>
        db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);

    public static async Task<bool> NoManagerLeftAsync(RolodeskDbContext db, CancellationToken ct) =>
        !await db.Users.AnyAsync(u => u.Groups.Any(g => g.Permissions.Contains(Permissions.UserGroupsManage)), ct);

    public static ProblemHttpResult LastManagerProblem() => Problems.Conflict(
        "This would leave nobody able to manage user groups.",
        $"At least one user must keep the right '{Permissions.UserGroupsManage}'. Give it to someone else first.");
}
