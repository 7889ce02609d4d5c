using Microsoft.AspNetCore.Http.HttpResults;
using Rolodesk.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>
/// /api/v1/statuses and /api/v1/status-settings. Every signed-in user reads them (the avatar menu
/// and every page draw status dots); writes need contact-fields.manage (the "User statuses" tab).
/// </summary>
public static class StatusesApi
{
    public static RouteGroupBuilder MapStatusesApi(this RouteGroupBuilder api)
    {
        var statuses = api.MapGroup("/statuses").WithTags("Statuses");
        statuses.MapGet("/", List).RequireAuthorization().WithSummary("Live statuses in order");
        statuses.MapPost("/", Create).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Adds a status at the end: name, color (#RRGGBB), acceptsRequests");
        statuses.MapPut("/order", Reorder).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Reorders the statuses: ids must list each live status once");
        statuses.MapPut("/{id:int}", Update).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Renames, recolours or (un)marks a status as accepting requests; members left out keep their value");
        statuses.MapDelete("/{id:int}", Delete).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Deletes a custom status; ?moveTo= names the status its agents move to (history keeps the old name and colour)");

        var settings = api.MapGroup("/status-settings").WithTags("Statuses");
        settings.MapGet("/", GetSettings).RequireAuthorization().WithSummary("The inactivity rule (both null = off)");
        settings.MapPut("/", UpdateSettings).RequirePermission(Permissions.ContactFieldsManage)
            .WithSummary("Sets the inactivity rule: after inactivityMinutes without activity change to inactivityStatusId; both null = off");
        return api;
    }

    private static async Task<Ok<List<StatusResponse>>> List(RolodeskDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.ListStatusesAsync(ct));

    private static async Task<Results<Created<StatusResponse>, ValidationProblem, ProblemHttpResult>> Create(
        StatusRequest body, StatusWriter writer, CancellationToken ct) =>
        ApiResults.Created(await writer.CreateAsync(body, ct), s => $"/api/v1/statuses/{s.Id}");

    private static async Task<Results<Ok<StatusResponse>, ValidationProblem, ProblemHttpResult>> Update(
        int id, StatusRequest body, StatusWriter writer, CancellationToken ct) =>
        ApiResults.Ok(await writer.UpdateAsync(id, body, ct));

    private static async Task<Results<Ok<List<StatusResponse>>, ValidationProblem, ProblemHttpResult>> Reorder(
        StatusOrderRequest body, StatusWriter writer, CancellationToken ct) =>
        ApiResults.Ok(await writer.ReorderAsync(body, ct));

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        int id, int? moveTo, StatusWriter writer, UserAccess actor, CancellationToken ct) =>
        ApiResults.NoContent(await writer.DeleteAsync(id, moveTo, actor, ct));

    private static async Task<Ok<StatusSettingsDto>> GetSettings(StatusWriter writer, CancellationToken ct) =>
        TypedResults.Ok(await writer.GetSettingsAsync(ct));

    private static async Task<Results<Ok<StatusSettingsDto>, ValidationProblem, ProblemHttpResult>> UpdateSettings(
        StatusSettingsDto body, StatusWriter writer, CancellationToken ct) =>
        ApiResults.Ok(await writer.UpdateSettingsAsync(body, ct));
}
