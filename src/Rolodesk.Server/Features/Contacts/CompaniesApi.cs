using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Filters;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts;

public static class CompaniesApi
{
    public static readonly string[] SortKeys = ["name", "-name", "createdAt", "-createdAt"];

    public static RouteGroupBuilder MapCompaniesApi(this RouteGroupBuilder api)
    {
        var companies = api.MapGroup("/companies").WithTags("Companies");
        companies.MapGet("/", List).RequirePermission(Permissions.ContactsView)
            .WithSummary("List companies: paged, sortable (name, createdAt), searchable by name and domain, filtered by custom fields (cf.<key>=v, .from, .to, .prefix, .empty)");
        companies.MapGet("/{id:int}", Get).RequirePermission(Permissions.ContactsView);
        companies.MapPost("/", Create).RequirePermission(Permissions.ContactsEdit);
        companies.MapPut("/{id:int}", Update).RequirePermission(Permissions.ContactsEdit);
        companies.MapDelete("/{id:int}", Delete).RequirePermission(Permissions.ContactsEdit)
            .WithSummary("Delete a company; its users stay, without a company");
        return api;
    }

    public static IQueryable<CardRow<CompanyResponse>> ToRows(this IQueryable<Company> q) =>
        q.Select(c => new CardRow<CompanyResponse>
        {
            Card = new CompanyResponse(c.Id, c.Name, c.Domain, c.Notes, c.Users.Count, c.CreatedAt, c.UpdatedAt, null),
            Document = c.CustomFields,
        });

    /// <summary>Cards without custom fields (<c>CustomFields</c> null).</summary>
    public static IQueryable<CompanyResponse> ToResponse(this IQueryable<Company> q) => q.ToRows().Select(r => r.Card);

    /// <summary>Fills each card's custom fields with what the actor may display: one definitions load, no query per card.</summary>
    public static async Task<List<CompanyResponse>> WithCustomFieldsAsync(
        this IEnumerable<CardRow<CompanyResponse>> rows, CardFields fields, UserAccess actor, CancellationToken ct)
    {
        var catalog = await fields.CatalogAsync(FieldTarget.Companies, ct);
        return [.. rows.Select(r => r.Card with { CustomFields = CardFields.Visible(catalog, actor, [], r.Document) })];
    }

    public static async Task<CompanyResponse?> GetCompanyAsync(this RolodeskDbContext db, int id, CardFields fields, UserAccess actor, CancellationToken ct) =>
        await db.Companies.AsNoTracking().Where(c => c.Id == id).ToRows().SingleOrDefaultAsync(ct) is { } row
            ? (await new[] { row }.WithCustomFieldsAsync(fields, actor, ct))[0]
            : null;

    /// <summary>Case-insensitive search over name and domain; shared with the UI's list.</summary>
    public static IQueryable<Company> Search(this IQueryable<Company> q, string? search)
    {
        if (ContactRules.SearchTerm(search) is not { } term) return q;
        var upper = term.ToUpperInvariant();
        var lower = term.ToLowerInvariant();
        return q.Where(c => c.NormalizedName.Contains(upper) || (c.Domain != null && c.Domain.Contains(lower)));
    }

    /// <summary>For the name sorts (the default one included) whether descending; null for the other sorts.</summary>
    public static bool? ByName(string? sort) => sort switch
    {
        "-name" => true,
        "createdAt" or "-createdAt" => null,
        _ => false,
    };

    public static IQueryable<Company> Sort(this IQueryable<Company> q, string? sort) => sort switch
    {
        "-name" => q.OrderByDescending(c => c.NormalizedName).ThenByDescending(c => c.Id),
        "createdAt" => q.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
        "-createdAt" => q.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
        _ => q.OrderBy(c => c.NormalizedName).ThenBy(c => c.Id),
    };

    private static async Task<Results<Ok<Page<CompanyResponse>>, ValidationProblem>> List(
        RolodeskDbContext db, UserAccess actor, CardFields fields, HttpRequest request,
        string? search, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Paging.Validate(page, pageSize, errors);
        var filter = CardFilterParser.Parse(request.Query, await fields.CatalogAsync(FieldTarget.Companies, ct), actor, errors);
        if (sort is not null && !SortKeys.Contains(sort)) errors.Add("sort", "Must be one of: " + string.Join(", ", SortKeys) + ".");
        if (errors.Any) return errors.ToProblem();

        var q = db.Companies.AsNoTracking().Search(search);
        var (p, size) = (page ?? 1, pageSize ?? Paging.DefaultPageSize);
        var plan = await filter.PlanAsync(db, deferMatching: true, ct);
        var total = await plan.CountAsync(q, ct);
        var ids = await plan.PageIdsAsync(q, c => c.Sort(sort), ByName(sort), (p - 1) * size, size, ct);
        var rows = await q.Where(c => ids.Contains(c.Id)).Sort(sort).ToRows().ToListAsync(ct);
        var items = await rows.WithCustomFieldsAsync(fields, actor, ct);
        return TypedResults.Ok(new Page<CompanyResponse>(items, p, size, total));
    }

    private static async Task<Results<Ok<CompanyResponse>, ProblemHttpResult>> Get(
        int id, RolodeskDbContext db, UserAccess actor, CardFields fields, CancellationToken ct) =>
        await db.GetCompanyAsync(id, fields, actor, ct) is { } c
            ? TypedResults.Ok(c)
            : Problems.NotFound("Company", id);

    private static async Task<Results<Created<CompanyResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CompanyRequest body, CompanyWriter writer, UserAccess actor, CancellationToken ct)
    {
        var outcome = await writer.CreateAsync(body, actor, ct);
        if (outcome.Errors is { } e) return e.ToProblem();
        if (outcome.Problem is { } p) return p;
        return TypedResults.Created($"/api/v1/companies/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<CompanyResponse>, ValidationProblem, ProblemHttpResult>> Update(
        int id, CompanyRequest body, CompanyWriter writer, UserAccess actor, CancellationToken ct)
    {
        var outcome = await writer.UpdateAsync(id, body, actor, ct);
        if (outcome.Errors is { } e) return e.ToProblem();
        if (outcome.Problem is { } p) return p;
        return TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        int id, CompanyWriter writer, UserAccess actor, CancellationToken ct) =>
        await writer.DeleteAsync(id, actor, ct) is { } problem ? problem : TypedResults.NoContent();
}
