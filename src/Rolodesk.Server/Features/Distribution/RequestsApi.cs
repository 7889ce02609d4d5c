using Microsoft.AspNetCore.Http.HttpResults;
using Rolodesk.Data;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Distribution;

/// <summary>
/// /api/v1/requests and /api/v1/distribution-settings. Requests are the agents' work: every agent
/// (member of a user group of kind agents) may create, list, read and answer them and close their
/// own; reassigning by hand, closing someone else's and the settings need requests.distribution.manage.
/// Clients (customers) have no access: their requests arrive through a channel.
/// </summary>
public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/requests").WithTags("Requests").RequireAuthorization().AddEndpointFilter(AgentsOnly);
        requests.MapPost("/", Create).WithSummary("A new request (subject, clientUserId, channel); distribution assigns it at once when an agent can take it");
        requests.MapGet("/", List).WithSummary("Requests, ?state=queued|assigned|closed and ?agentId= filter; the queue oldest first, others newest first; paged");
        requests.MapGet("/{id:long}", Get).WithSummary("One request with its assignment history (assign, return, reassign, close; reason, actor)");
        requests.MapPost("/{id:long}/close", Close).WithSummary("Closes a request: its agent, or requests.distribution.manage; optional reason");
        requests.MapPost("/{id:long}/answer", Answer).WithSummary("The assigned agent's first answer: the request no longer returns to the queue when they leave");
        requests.MapPost("/{id:long}/reassign", Reassign).RequirePermission(Permissions.RequestsDistributionManage)
            .WithSummary("Gives the request to agentId by hand (status must accept requests, below capacity); optional reason");

        var settings = api.MapGroup("/distribution-settings").WithTags("Requests").RequirePermission(Permissions.RequestsDistributionManage);
        settings.MapGet("/", GetSettings).WithSummary("Distribution on/off, method, capacities, taking-part agent groups, return-on-leave");
        settings.MapPut("/", PutSettings)
            .WithSummary("Replaces the settings; method roundRobin|leastLoaded; agentGroupIds [] = every agent; capacities null keeps the per-agent overrides");
        return api;
    }

    private static async ValueTask<object?> AgentsOnly(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var access = await UserAccess.BindAsync(ctx.HttpContext);
        if (access is null || (!access.IsAgent && !access.Has(Permissions.RequestsDistributionManage)))
            return Problems.Forbidden("Requests are for agents (members of a user group of kind agents).");
        return await next(ctx);
    }

    private static async Task<Results<Created<RequestResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateRequestBody body, RequestWriter writer, CancellationToken ct) =>
        ApiResults.Created(await writer.CreateAsync(body, ct), r => $"/api/v1/requests/{r.Id}");

    private static async Task<Results<Ok<Page<RequestResponse>>, ValidationProblem>> List(
        string? state, int? agentId, int? page, int? pageSize, RolodeskDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Paging.Validate(page, pageSize, errors);
        var parsed = RequestText.ParseState(state);
        if (state is not null && parsed is null) errors.Add("state", "Must be queued, assigned or closed.");
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(await db.ListRequestsAsync(parsed, agentId, page ?? 1, pageSize ?? Paging.DefaultPageSize, ct));
    }

    private static async Task<Results<Ok<RequestDetails>, ProblemHttpResult>> Get(long id, RolodeskDbContext db, CancellationToken ct) =>
        await db.GetRequestAsync(id, ct) is { } r
            ? TypedResults.Ok(new RequestDetails(r, await db.AssignmentHistoryAsync(id, ct)))
            : Problems.NotFound("Request", id);

    private static async Task<Results<Ok<RequestResponse>, ValidationProblem, ProblemHttpResult>> Close(
        long id, CloseBody? body, UserAccess actor, RequestWriter writer, CancellationToken ct) =>
        ApiResults.Ok(await writer.CloseAsync(id, body?.Reason, actor, ct));

    private static async Task<Results<Ok<RequestResponse>, ValidationProblem, ProblemHttpResult>> Answer(
        long id, UserAccess actor, RequestWriter writer, CancellationToken ct) =>
        ApiResults.Ok(await writer.AnswerAsync(id, actor, ct));

    private static async Task<Results<Ok<RequestResponse>, ValidationProblem, ProblemHttpResult>> Reassign(
        long id, ReassignBody body, UserAccess actor, RequestWriter writer, CancellationToken ct) =>
        ApiResults.Ok(await writer.ReassignAsync(id, body, actor, ct));

    private static async Task<Ok<DistributionSettingsResponse>> GetSettings(DistributionSettingsWriter writer, CancellationToken ct) =>
        TypedResults.Ok(await writer.GetAsync(ct));

    private static async Task<Results<Ok<DistributionSettingsResponse>, ValidationProblem, ProblemHttpResult>> PutSettings(
        DistributionSettingsBody body, DistributionSettingsWriter writer, CancellationToken ct) =>
        ApiResults.Ok(await writer.UpdateAsync(body, ct));
}
