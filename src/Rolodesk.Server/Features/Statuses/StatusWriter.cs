using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>Every write to the list of statuses, for the API and the "User statuses" tab alike.</summary>
public sealed class StatusWriter(RolodeskDbContext db, StatusChanger changer, IStatusEvents events, TimeProvider time)
{
    public async Task<WriteResult<StatusResponse>> CreateAsync(StatusRequest body, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = StatusRules.Name(body.Name, errors);
        var color = StatusRules.Color(body.Color, errors);
        await UniqueNameAsync(name, null, errors, ct);
        if (errors.Any) return errors;

        var position = await db.Statuses.Where(s => s.DeletedAt == null).MaxAsync(s => (int?)s.Position, ct) ?? -1;
        var status = new Status { Name = name!, Color = color!, Position = position + 1, AcceptsRequests = body.AcceptsRequests ?? false };
        db.Statuses.Add(status);
        await db.SaveChangesAsync(ct);
        events.CatalogChanged();
        return new(StatusResponse.From(status));
    }

    /// <summary>Renames, recolours or (un)marks accepting requests; members left out keep their value.</summary>
    public async Task<WriteResult<StatusResponse>> UpdateAsync(int id, StatusRequest body, CancellationToken ct)
    {
        var status = await db.Statuses.SingleOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, ct);
        if (status is null) return Problems.NotFound("Status", id);
        var errors = new ValidationErrors();
        var name = body.Name is null ? status.Name : StatusRules.Name(body.Name, errors);
        var color = body.Color is null ? status.Color : StatusRules.Color(body.Color, errors);
        await UniqueNameAsync(name, id, errors, ct);
        if (errors.Any) return errors;

        status.Name = name!;
        status.Color = color!;
        status.AcceptsRequests = body.AcceptsRequests ?? status.AcceptsRequests;
        await db.SaveChangesAsync(ct);
        events.CatalogChanged();
        return new(StatusResponse.From(status));
    }

    public async Task<WriteResult<List<StatusResponse>>> ReorderAsync(StatusOrderRequest body, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var statuses = await db.Statuses.Where(s => s.DeletedAt == null).ToListAsync(ct);
        if (body.Ids is null || !Ordering.IsPermutation(body.Ids, statuses.Select(s => s.Id)))
            return errors.Add("ids", $"Must list each status exactly once: {string.Join(", ", statuses.Select(s => s.Id).Order())}.");
        var byId = statuses.ToDictionary(s => s.Id);
        for (var i = 0; i < body.Ids.Count; i++) byId[body.Ids[i]].Position = i;
        await db.SaveChangesAsync(ct);
        events.CatalogChanged();
        return new([.. statuses.OrderBy(s => s.Position).Select(StatusResponse.From)]);
    }

    /// <summary>
    /// Soft-deletes a custom status, then moves every agent in it to <paramref name="moveTo"/>
    /// with a history entry. Deleting first means no new change can pick the status while the
    /// agents are being moved; the history keeps pointing at the row, so it keeps name and colour.
    /// </summary>
    public async Task<WriteResult<StatusResponse>> DeleteAsync(int id, int? moveTo, UserAccess actor, CancellationToken ct)
    {
        var status = await db.Statuses.SingleOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, ct);
        if (status is null) return Problems.NotFound("Status", id);
        if (status.SystemKey is not null)
            return Problems.Conflict("A default status cannot be deleted.", $"'{status.Name}' is one of Online, On hold and Offline; rename it instead.");
        var errors = new ValidationErrors();
        if (moveTo is null) errors.Add("moveTo", "Required: the status the agents now in this one move to.");
        else if (moveTo == id) errors.Add("moveTo", "Must be another status than the one deleted.");
        else if (!await db.Statuses.AnyAsync(s => s.Id == moveTo && s.DeletedAt == null, ct)) errors.Add("moveTo", $"There is no status with id {moveTo}.");
        if (errors.Any) return errors;
        if (await db.StatusSettings.AnyAsync(s => s.InactivityStatusId == id, ct))
            return Problems.Conflict("The inactivity rule uses this status.", "Choose another status for the inactivity rule first.");

        status.DeletedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        // Agents away through the rule return to the replacement instead of a status that is gone.
        // The version moves too: a batch that decided on the row as it was must not write it back.
        await db.AgentPresence.Where(p => p.StatusBeforeInactivityId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.StatusBeforeInactivityId, moveTo).SetProperty(p => p.Version, p => p.Version + 1), ct);
        var reason = $"Status '{status.Name}' was deleted";
        // A change that read the status just before the delete may still land: look again until nobody is left.
        for (var round = 0; round < 3; round++)
        {
            var agents = await db.AgentPresence.Where(p => p.StatusId == id).Select(p => p.UserId).ToListAsync(ct);
            if (agents.Count == 0) break;
            await changer.ApplyManyAsync([.. agents.Select(agent => (agent, (Func<AgentSnapshot, Plan?>)(s =>
                s.Presence?.StatusId == id ? new Plan(moveTo!.Value, StatusSource.Api, actor.UserId, reason) : null)))], ct);
        }
        events.CatalogChanged();
        return new(StatusResponse.From(status));
    }

    public async Task<StatusSettingsDto> GetSettingsAsync(CancellationToken ct) =>
        await db.StatusSettings.AsNoTracking().Select(s => new StatusSettingsDto(s.InactivityMinutes, s.InactivityStatusId)).SingleOrDefaultAsync(ct)
        ?? new StatusSettingsDto(null, null);

    /// <summary>Both null turns the rule off; otherwise both are required.</summary>
    public async Task<WriteResult<StatusSettingsDto>> UpdateSettingsAsync(StatusSettingsDto body, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var off = body.InactivityMinutes is null && body.InactivityStatusId is null;
        if (!off)
        {
            if (body.InactivityMinutes is not (>= 1 and <= 10_080)) errors.Add("inactivityMinutes", "Required with a status: 1 to 10080 minutes (a week).");
            if (body.InactivityStatusId is null) errors.Add("inactivityStatusId", "Required with minutes: the status idle agents change to.");
            else if (!await db.Statuses.AnyAsync(s => s.Id == body.InactivityStatusId && s.DeletedAt == null, ct))
                errors.Add("inactivityStatusId", $"There is no status with id {body.InactivityStatusId}.");
        }
        if (errors.Any) return errors;

        var row = await db.StatusSettings.SingleOrDefaultAsync(ct);
        if (row is null) db.StatusSettings.Add(row = new StatusSettings());
        row.InactivityMinutes = body.InactivityMinutes;
        row.InactivityStatusId = body.InactivityStatusId;
        await db.SaveChangesAsync(ct);
        events.CatalogChanged();
        return new(new StatusSettingsDto(row.InactivityMinutes, row.InactivityStatusId));
    }

    private async Task UniqueNameAsync(string? name, int? exceptId, ValidationErrors errors, CancellationToken ct)
    {
        if (name is null) return;
        var upper = name.ToUpperInvariant();
        if (await db.Statuses.AnyAsync(s => s.DeletedAt == null && s.Id != exceptId && s.Name.ToUpper() == upper, ct))
            errors.Add("name", $"Another status is already called '{name}'.");
    }
}
