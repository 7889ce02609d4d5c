using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Requests;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Distribution;

/// <summary>
/// Creates, closes, answers and reassigns requests, for the API and the pages alike. Creating or
/// closing waits for the next distribution run, so the answer already shows where the request went.
/// </summary>
public sealed class RequestWriter(RolodeskDbContext db, AssignmentRunner runner, RequestPush push, TimeProvider time)
{
    public const int MaxSubject = 500;
    public const int MaxChannel = 50;

    public async Task<WriteResult<RequestResponse>> CreateAsync(CreateRequestBody body, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var subject = body.Subject?.Trim();
        if (string.IsNullOrEmpty(subject)) errors.Add("subject", "Required.");
        else if (subject.Length > MaxSubject) errors.Add("subject", $"At most {MaxSubject} characters.");
        var channel = body.Channel?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(channel)) errors.Add("channel", "Required.");
        else if (channel.Length > MaxChannel || !channel.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            errors.Add("channel", $"Letters, digits, '-', '_' or '.', at most {MaxChannel} characters (such as email, chat, phone).");
        if (body.ClientUserId is not { } clientId) errors.Add("clientUserId", "Required.");
        // With other errors, say everything that is wrong at once; otherwise the run checks the client in its one read.
        else if (errors.Any && !await db.Users.AnyAsync(u => u.Id == clientId, ct)) errors.Add("clientUserId", NoClient(clientId));
        if (errors.Any) return errors;

        // Inserted by the distribution runner in the transaction that assigns it.
        var client = body.ClientUserId!.Value;
        var created = await runner.SubmitAsync(new(subject!, client, channel!, time.GetUtcNow())).WaitAsync(ct);
        if (created is null) return errors.Add("clientUserId", NoClient(client));
        return new WriteResult<RequestResponse>(created);
    }

    /// <summary>The assigned agent, or a manager of distribution, closes a request that is not closed yet.</summary>
    public async Task<WriteResult<RequestResponse>> CloseAsync(long id, string? reason, UserAccess actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var text = Reason(reason, errors);
        if (errors.Any) return errors;
        var request = await db.Requests.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return Problems.NotFound("Request", id);
        if (request.AgentId != actor.UserId && !actor.Has(Permissions.RequestsDistributionManage))
            return Problems.Forbidden($"Only the assigned agent or a holder of '{Permissions.RequestsDistributionManage}' may close a request.");
        if (request.State == RequestState.Closed) return Problems.Conflict("Already closed.", $"Request {id} was closed at {request.ClosedAt:O}.");
        var now = time.GetUtcNow();
        db.RequestAssignments.Add(new()
        {
            RequestId = id,
            AgentId = request.AgentId,
            Event = AssignmentEventKind.Close,
            ActorUserId = actor.UserId,
            At = now,
            Reason = text ?? "Closed.",
        });
        request.State = RequestState.Closed;
        request.ClosedAt = now;
        await db.SaveChangesAsync(ct);
        push.Touched(); // pages drop it and lower the agent's load even when the queue is empty and the run moves nothing
        // The agent has room for one more: give it to the queue before answering.
        await runner.RunAsync().WaitAsync(ct);
        return new(await db.GetRequestAsync(id, ct));
    }

    /// <summary>The assigned agent records their first answer: the request is no longer "unanswered" and stays with them when they leave.</summary>
    public async Task<WriteResult<RequestResponse>> AnswerAsync(long id, UserAccess actor, CancellationToken ct)
    {
        var request = await db.Requests.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return Problems.NotFound("Request", id);
        if (request.State != RequestState.Assigned || request.AgentId != actor.UserId)
            return Problems.Conflict("Not yours to answer.", $"Request {id} is not assigned to you.");
        request.FirstResponseAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        push.Touched();
        return new(await db.GetRequestAsync(id, ct));
    }

    /// <summary>
    /// Gives a request to another agent by hand: the same rule as distribution (status accepts
    /// requests, below capacity), checked under the distribution lock so a run cannot fill the agent meanwhile.
    /// </summary>
    public async Task<WriteResult<RequestResponse>> ReassignAsync(long id, ReassignBody body, UserAccess actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var reason = Reason(body.Reason, errors);
        if (body.AgentId is null) errors.Add("agentId", "Required.");
        if (errors.Any) return errors;
        var agentId = body.AgentId!.Value;
        RequestMove[] moves;
        await using (var tx = await DistributionLock.BeginAsync(db, ct))
        {
            var request = await db.Requests.SingleOrDefaultAsync(r => r.Id == id, ct);
            if (request is null) return Problems.NotFound("Request", id);
            if (request.State == RequestState.Closed) return Problems.Conflict("Closed.", $"Request {id} is closed.");
            if (request.AgentId == agentId) return errors.Add("agentId", "The request is already assigned to this agent.");
            var load = await db.AgentLoadAsync(agentId, ct);
            if (load is null) return errors.Add("agentId", $"There is no agent with id {agentId}.");
            if (!load.Value.Accepting) return errors.Add("agentId", "The agent's current status does not accept requests.");
            if (load.Value.Open >= load.Value.Capacity)
                return errors.Add("agentId", $"The agent is at capacity ({load.Value.Open} of {load.Value.Capacity} open requests).");

            var now = time.GetUtcNow();
            var text = reason ?? "Reassigned by hand.";
            var previous = request.AgentId;
            db.RequestAssignments.Add(new() { RequestId = id, AgentId = agentId, Event = AssignmentEventKind.Reassign, ActorUserId = actor.UserId, At = now, Reason = text });
            request.State = RequestState.Assigned;
            request.AgentId = agentId;
            request.AssignedAt = now;
            request.FirstResponseAt = null;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            moves = previous is { } from
                ? [new(id, agentId, AssignmentEventKind.Reassign, text, now, request.Subject, request.Channel),
                   new(id, from, AssignmentEventKind.Return, text, now, request.Subject, request.Channel)]
                : [new(id, agentId, AssignmentEventKind.Reassign, text, now, request.Subject, request.Channel)];
        }
        push.Moved(moves);
        runner.Poke(); // the previous agent has room again
        return new(await db.GetRequestAsync(id, ct));
    }

    private static string NoClient(int id) => $"There is no user with id {id}.";

    private static string? Reason(string? reason, ValidationErrors errors)
    {
        var text = reason?.Trim();
        if (text?.Length > 500) errors.Add("reason", "At most 500 characters.");
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
