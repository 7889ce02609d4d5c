using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Filters;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", List).RequirePermission(Permissions.ContactsView)
            .Produces<UserListPage>().ProducesValidationProblem()
            .WithSummary("List users: paged, sortable (name, email, createdAt; '-' for descending), searchable by name, email and phone, filtered by custom fields (cf.<key>=v, .from, .to, .prefix, .empty)")
            .WithDescription("The response holds the exact number of matching users in 'total'. With total=false it is left out (null): "
                + "a large filtered list then returns its page without counting every match, and the total can be asked for separately.");
        users.MapGet("/{id:int}", Get).RequireAuthorization()
            .Produces<UserResponse>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A user's card (needs contacts.view, except for one's own card)");
        users.MapPost("/", Create).RequirePermission(Permissions.ContactsEdit);
        users.MapPut("/{id:int}", Update).RequirePermission(Permissions.ContactsEdit);
        users.MapDelete("/{id:int}", Delete).RequirePermission(Permissions.ContactsEdit);
        return api;
    }

    // The page's JSON is written by hand (UserListJson): the cards' values are copied as stored, not parsed and serialized.
    private static async Task<IResult> List(
        RolodeskDbContext db, UserAccess actor, CardFields fields, HttpRequest request,
        string? search, int? companyId, int? groupId, string? sort, int? page, int? pageSize, string? total, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Paging.Validate(page, pageSize, errors);
        var counted = UserListPage.WantsTotal(total, errors);
        var catalog = await fields.CatalogAsync(FieldTarget.Users, ct);
        var filter = CardFilterParser.Parse(request.Query, catalog, actor, errors);
        if (sort is not null && !UserQueries.SortKeys.Contains(sort))
            errors.Add("sort", "Must be one of: " + string.Join(", ", UserQueries.SortKeys) + ".");
        if (errors.Any) return errors.ToProblem();

        var q = db.Users.AsNoTracking().Search(search);
        if (companyId is { } c) q = q.Where(u => u.CompanyId == c);
        if (groupId is { } g) q = q.Where(u => u.Groups.Any(x => x.Id == g));
        var (p, size) = (page ?? 1, pageSize ?? Paging.DefaultPageSize);
        // The driver's cards are read only if the count or the page needs them: a page sorted by name may walk a text's entries instead.
        var plan = await filter.PlanAsync(db, deferMatching: true, ct);
        int? matches = counted ? await plan.CountAsync(q, ct) : null;
        var rows = await plan.PageCardsAsync(q, sort, db, (p - 1) * size, size, ct);
        // A group created on another instance since the catalog was cached: name it from the current definitions.
        if (!catalog.KnowsGroups(rows.SelectMany(r => r.GroupIds))) catalog = await fields.FreshCatalogAsync(FieldTarget.Users, ct);
        return UserListJson.Ok(rows, catalog, actor, p, size, matches);
    }

    // The hottest read: one statement (UserCardReader) and the values' JSON copied as stored (UserCardJson).
    private static async Task<IResult> Get(
        int id, HttpContext http, RolodeskDbContext db, PermissionService permissions, CardFields fields, CancellationToken ct)
    {
        var actor = await permissions.GetAsync(http.User, ct);
        if (actor is null || (actor.UserId != id && !actor.Has(Permissions.ContactsView)))
            return Problems.Forbidden("Reading another user's card needs the right 'contacts.view'.");
        if (await UserCardReader.ReadAsync(db, id, ct) is not { } card) return Problems.NotFound("User", id);
        return UserCardJson.Ok(card, await fields.UserCatalogAsync(card.GroupIds, ct), actor);
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Create(
        UserRequest body, UserWriter writer, UserAccess actor, CancellationToken ct)
    {
        var outcome = await writer.CreateAsync(body, actor, ct);
        if (outcome.Errors is { } e) return e.ToProblem();
        if (outcome.Problem is { } p) return p;
        return TypedResults.Created($"/api/v1/users/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> Update(
        int id, UserRequest body, UserWriter writer, UserAccess actor, CancellationToken ct)
    {
        var outcome = await writer.UpdateAsync(id, body, actor, ct);
        if (outcome.Errors is { } e) return e.ToProblem();
        if (outcome.Problem is { } p) return p;
        return TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        int id, UserWriter writer, UserAccess actor, CancellationToken ct)
    {
        return await writer.DeleteAsync(id, actor, ct) is { } problem ? problem : TypedResults.NoContent();
    }
}
