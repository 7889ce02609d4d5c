using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.Contacts;

namespace Rolodesk.Server.Components.Pages.Contacts;

/// <summary>
/// Look-ups the contact forms need. Each call takes its own short-lived context: a circuit runs
/// event handlers concurrently, and one DbContext must not serve two operations at once.
/// </summary>
public static class ContactsData
{
    public static async Task<IEnumerable<CompanyRef>> SearchCompaniesAsync(this IDbContextFactory<RolodeskDbContext> dbs, string? term, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Companies.AsNoTracking();
        if (ContactRules.Clean(term) is { } t)
        {
            var upper = t.ToUpperInvariant();
            q = q.Where(c => c.NormalizedName.Contains(upper));
        }
        return await q.OrderBy(c => c.NormalizedName).Take(20).Select(c => new CompanyRef(c.Id, c.Name)).ToListAsync(ct);
    }

    public static async Task<List<GroupRef>> GroupsAsync(this IDbContextFactory<RolodeskDbContext> dbs, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.UserGroups.AsNoTracking().OrderBy(g => g.Name)
            .Select(g => new GroupRef(g.Id, g.Name, g.Kind == UserGroupKind.Agents ? "agents" : "clients"))
            .ToListAsync(ct);
    }

    public static async Task<int?> DefaultGroupIdAsync(this IDbContextFactory<RolodeskDbContext> dbs, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.UserGroups.Where(g => g.Name == DefaultGroups.Clients && g.IsSystem).Select(g => (int?)g.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Runs a scoped service (a writer) in a scope of its own, for the same reason.</summary>
    public static async Task<T> RunAsync<TService, T>(this IServiceScopeFactory scopes, Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
