using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Server.Data;
using MudBlazor;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Filters;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;

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

    /// <summary>The fields the actor may filter a list on: live, displayable, offering an operator; in card order.</summary>
    public static async Task<(FieldCatalog Catalog, List<CardField> Fields)> FilterFieldsAsync(
        this IDbContextFactory<RolodeskDbContext> dbs, FieldDefinitionsCache definitions, FieldTarget target, UserAccess actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var catalog = await definitions.GetAsync(db, target, fresh: false, ct);
        return (catalog, [.. catalog.Fields.Where(f => f.Live && f.LevelFor(actor) is not null && f.Type.FilterOperators.Count > 0)]);
    }

    /// <summary>One page of users: search, filter chips (through the API's own filter code), sort; with the exact total.</summary>
    public static async Task<TableData<UserResponse>> UsersPageAsync(
        this IDbContextFactory<RolodeskDbContext> dbs, FieldDefinitionsCache definitions, UserAccess actor, string? search, IReadOnlyList<FilterChip> chips, TableState state, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await PlanAsync(db, definitions, FieldTarget.Users, actor, chips, ct) is not { } plan) return new TableData<UserResponse> { Items = [], TotalItems = 0 };
        var q = db.Users.AsNoTracking().Search(search);
        var total = await plan.CountAsync(q, ct);
        var sort = SortOf(state);
        var ids = await plan.PageIdsAsync(q, u => u.Sort(sort), UserQueries.ByName(sort), state.Page * state.PageSize, state.PageSize, ct);
        var items = await q.Where(u => ids.Contains(u.Id)).Sort(sort).ToResponse().ToListAsync(ct);
        return new TableData<UserResponse> { Items = items, TotalItems = total };
    }

    public static async Task<TableData<CompanyResponse>> CompaniesPageAsync(
        this IDbContextFactory<RolodeskDbContext> dbs, FieldDefinitionsCache definitions, UserAccess actor, string? search, IReadOnlyList<FilterChip> chips, TableState state, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await PlanAsync(db, definitions, FieldTarget.Companies, actor, chips, ct) is not { } plan) return new TableData<CompanyResponse> { Items = [], TotalItems = 0 };
        var q = db.Companies.AsNoTracking().Search(search);
        var total = await plan.CountAsync(q, ct);
        var sort = SortOf(state);
        var ids = await plan.PageIdsAsync(q, c => c.Sort(sort), CompaniesApi.ByName(sort), state.Page * state.PageSize, state.PageSize, ct);
        var items = await q.Where(c => ids.Contains(c.Id)).Sort(sort).ToResponse().ToListAsync(ct);
        return new TableData<CompanyResponse> { Items = items, TotalItems = total };
    }

    /// <summary>
    /// Chips were checked when added; a field archived or hidden since then makes the filter fail
    /// here (null), and the list then shows nothing rather than ignoring the condition.
    /// </summary>
    private static async Task<FilterPlan?> PlanAsync(
        RolodeskDbContext db, FieldDefinitionsCache definitions, FieldTarget target, UserAccess actor, IReadOnlyList<FilterChip> chips, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var filter = ListFilter.Parse(chips, await definitions.GetAsync(db, target, fresh: false, ct), actor, errors);
        return errors.Any ? null : await filter.PlanAsync(db, deferMatching: true, ct);
    }

    private static string? SortOf(TableState state) =>
        state.SortDirection == SortDirection.Descending ? "-" + state.SortLabel : state.SortLabel;

    /// <summary>Runs a scoped service (a writer) in a scope of its own, for the same reason.</summary>
    public static async Task<T> RunAsync<TService, T>(this IServiceScopeFactory scopes, Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
