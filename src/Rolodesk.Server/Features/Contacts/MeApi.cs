using Microsoft.AspNetCore.Http.HttpResults;
using Rolodesk.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>The caller's own card: every signed-in user, agent or client, may read and edit it.</summary>
public static class MeApi
{
    public static RouteGroupBuilder MapMeApi(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Me").RequireAuthorization();
        me.MapGet("/", Get).WithSummary("The caller's own card and rights");
        me.MapPut("/", Update).WithSummary("Change the caller's name, email, phone and the custom fields their groups may edit");
        return api;
    }

    private static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> Get(
        HttpContext http, RolodeskDbContext db, PermissionService permissions, CardFields fields, CancellationToken ct)
    {
        var actor = await permissions.GetAsync(http.User, ct);
        if (actor is null || await db.GetCardAsync(actor.UserId, fields, actor, ct) is not { } card) return TypedResults.Unauthorized();
        return TypedResults.Ok(new MeResponse(card, [.. actor.Permissions.Order(StringComparer.Ordinal)]));
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult, UnauthorizedHttpResult>> Update(
        MeRequest body, HttpContext http, UserWriter writer, PermissionService permissions, CancellationToken ct)
    {
        var actor = await permissions.GetAsync(http.User, ct);
        if (actor is null) return TypedResults.Unauthorized();
        var outcome = await writer.UpdateOwnAsync(actor.UserId, body, ct);
        if (outcome.Errors is { } e) return e.ToProblem();
        if (outcome.Problem is { } p) return p;
        return TypedResults.Ok(outcome.Value!);
    }
}
