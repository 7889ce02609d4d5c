using Microsoft.AspNetCore.Http.HttpResults;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>
/// Agents' current statuses and their history. Everybody who may open Analytics or Omni (or change
/// statuses there) may list agents: the Agents pages of both modules show them. Changing another
/// agent's status needs the right of the module named as the source (either for "api").
/// </summary>
public static class PresenceApi
{
    public static RouteGroupBuilder MapPresenceApi(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me/status").WithTags("Statuses").RequireAuthorization();
        me.MapGet("/", GetMine).WithSummary("The caller's current status (agents only)");
        me.MapPut("/", ChangeMine).WithSummary("Changes the caller's own status (source self); an optional reason of at most 500 characters");

        var agents = api.MapGroup("/agents").WithTags("Statuses");
        agents.MapGet("/", ListAgents)
            .RequireAnyPermission(Permissions.AnalyticsAgentsStatus, Permissions.OmniAgentsStatus, Permissions.AnalyticsView, Permissions.OmniView)
            .WithSummary("Agents by name with current status, colour and since when; ?statusId= filters, paged");
        agents.MapPut("/{id:int}/status", ChangeAgent).RequireAnyPermission(Permissions.AnalyticsAgentsStatus, Permissions.OmniAgentsStatus)
            .WithSummary("Changes an agent's status; source analytics needs analytics.agents.status, omni needs omni.agents.status, api (default) either");

        api.MapGet("/users/{id:int}/status-history", History).WithTags("Statuses").RequireAuthorization()
            .WithSummary("Intervals of a user's statuses overlapping ?from=&to=, newest first, paged; contacts.view or one's own");
        return api;
    }

    private static async Task<Results<Ok<AgentStatusResponse>, ProblemHttpResult>> GetMine(
        UserAccess actor, RolodeskDbContext db, SystemStatusIds system, CancellationToken ct) =>
        await db.AgentStatusAsync(system, actor.UserId, ct) is { } s ? TypedResults.Ok(s) : NotAnAgent();

    private static async Task<Results<Ok<AgentStatusResponse>, ValidationProblem, ProblemHttpResult>> ChangeMine(
        StatusChangeRequest body, UserAccess actor, StatusChanger changer, RolodeskDbContext db, SystemStatusIds system, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (body.Source is not null) errors.Add("source", "Your own changes are always 'self'; leave it out.");
        return await ChangeAsync(actor.UserId, body, StatusSource.Self, actor.UserId, errors, changer, db, system, NotAnAgent, ct);
    }

    private static async Task<Results<Ok<AgentStatusResponse>, ValidationProblem, ProblemHttpResult>> ChangeAgent(
        int id, StatusChangeRequest body, UserAccess actor, StatusChanger changer, RolodeskDbContext db, SystemStatusIds system, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var source = body.Source is null ? StatusSource.Api : StatusSources.Parse(body.Source);
        if (source is not (StatusSource.Api or StatusSource.Analytics or StatusSource.Omni))
            return errors.Add("source", "Must be analytics, omni or api.").ToProblem();
        // The same rule and wording as the Agents pages (StatusGate).
        if (!StatusGate.CanChange(actor, source.Value))
            return Problems.Forbidden($"Changing a status from {StatusSources.Key(source.Value)} needs the right '{StatusGate.RightFor(source.Value)}'.");
        return await ChangeAsync(id, body, source.Value, actor.UserId, errors, changer, db, system, () => Problems.NotFound("Agent", id), ct);
    }

    private static async Task<Results<Ok<AgentStatusResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        int agentId, StatusChangeRequest body, StatusSource source, int actorId, ValidationErrors errors,
        StatusChanger changer, RolodeskDbContext db, SystemStatusIds system, Func<ProblemHttpResult> notAgent, CancellationToken ct)
    {
        if (body.StatusId is null) errors.Add("statusId", "Required.");
        var reason = StatusRules.Reason(body.Reason, errors);
        if (errors.Any) return errors.ToProblem();
        var result = await changer.ChangeAsync(new StatusChange(agentId, body.StatusId!.Value, source, actorId, reason), ct);
        return result.Outcome switch
        {
            ChangeOutcome.NotAgent => notAgent(),
            ChangeOutcome.UnknownStatus => errors.Add("statusId", $"There is no status with id {body.StatusId}.").ToProblem(),
            _ => TypedResults.Ok(result.Agent ?? (await db.AgentStatusAsync(system, agentId, ct))!),
        };
    }

    private static async Task<Results<Ok<Page<AgentStatusResponse>>, ValidationProblem>> ListAgents(
        int? statusId, int? page, int? pageSize, RolodeskDbContext db, SystemStatusIds system, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Paging.Validate(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await db.ListAgentsAsync(system, statusId, page ?? 1, pageSize ?? Paging.DefaultPageSize, ct));
    }

    private static async Task<Results<Ok<Page<StatusIntervalResponse>>, ValidationProblem, ProblemHttpResult>> History(
        int id, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, UserAccess actor,
        RolodeskDbContext db, SystemStatusIds system, CancellationToken ct)
    {
        if (id != actor.UserId && !actor.Has(Permissions.ContactsView))
            return Problems.Forbidden($"Another user's status history needs the right '{Permissions.ContactsView}'.");
        var errors = new ValidationErrors();
        Paging.Validate(page, pageSize, errors);
        if (from is not null && to is not null && from >= to) errors.Add("to", "Must be after 'from'.");
        if (errors.Any) return errors.ToProblem();
        return await db.GetHistoryAsync(system, id, from, to, page ?? 1, pageSize ?? Paging.DefaultPageSize, ct) is { } history
            ? TypedResults.Ok(history) : Problems.NotFound("User", id);
    }

    private static ProblemHttpResult NotAnAgent() =>
        Problems.Forbidden("Only agents (members of a user group of kind agents) have a status.");
}
