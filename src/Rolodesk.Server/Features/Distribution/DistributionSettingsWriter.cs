using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Distribution;

/// <summary>Reads and writes the distribution settings; a change runs distribution at once (a raised capacity takes from the queue).</summary>
public sealed class DistributionSettingsWriter(RolodeskDbContext db, AssignmentRunner runner, RequestPush push)
{
    public const int MaxCapacity = 1000;

    public async Task<DistributionSettingsResponse> GetAsync(CancellationToken ct)
    {
        var s = await db.DistributionSettings.AsNoTracking().SingleAsync(ct);
        var caps = await db.AgentDistribution.AsNoTracking().Where(a => a.Capacity != null).OrderBy(a => a.AgentId)
            .Select(a => new AgentCapacity(a.AgentId, a.Capacity!.Value)).ToListAsync(ct);
        return new(s.Enabled, RequestText.Method(s.Method), s.DefaultCapacity, s.AgentGroupIds, s.ReturnUnansweredOnLeave, caps);
    }

    public async Task<WriteResult<DistributionSettingsResponse>> UpdateAsync(DistributionSettingsBody body, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (body.Enabled is null) errors.Add("enabled", "Required.");
        if (body.ReturnUnansweredOnLeave is null) errors.Add("returnUnansweredOnLeave", "Required.");
        var method = RequestText.ParseMethod(body.Method);
        if (method is null) errors.Add("method", "Must be roundRobin or leastLoaded.");
        if (body.DefaultCapacity is null) errors.Add("defaultCapacity", "Required.");
        else if (body.DefaultCapacity is < 1 or > MaxCapacity) errors.Add("defaultCapacity", $"Must be between 1 and {MaxCapacity}.");
        var groupIds = (body.AgentGroupIds ?? []).Distinct().ToList();
        var agentGroups = await db.UserGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id) && g.Kind == UserGroupKind.Agents).Select(g => g.Id).ToListAsync(ct);
        for (var i = 0; i < (body.AgentGroupIds?.Count ?? 0); i++)
            if (!agentGroups.Contains(body.AgentGroupIds![i])) errors.Add($"agentGroupIds[{i}]", $"There is no user group of kind agents with id {body.AgentGroupIds[i]}.");
        var caps = body.Capacities;
        if (caps is not null)
        {
            var ids = caps.Select(c => c.AgentId).ToList();
            var agents = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Groups.Any(g => g.Kind == UserGroupKind.Agents)).Select(u => u.Id).ToListAsync(ct);
            for (var i = 0; i < caps.Count; i++)
            {
                if (!agents.Contains(caps[i].AgentId)) errors.Add($"capacities[{i}].agentId", $"There is no agent with id {caps[i].AgentId}.");
                else if (ids.IndexOf(caps[i].AgentId) != i) errors.Add($"capacities[{i}].agentId", "Listed twice.");
                if (caps[i].Capacity is < 0 or > MaxCapacity) errors.Add($"capacities[{i}].capacity", $"Must be between 0 and {MaxCapacity}.");
            }
        }
        if (errors.Any) return errors;

        // Under the lock: a run adding an agent's state row at the same moment would collide with ours.
        await using (var tx = await DistributionLock.BeginAsync(db, ct))
        {
            await WriteAsync(body, method!.Value, groupIds, ct);
            await tx.CommitAsync(ct);
        }
        push.Touched(); // capacities show in the Load column of the Agents boards
        await runner.RunAsync().WaitAsync(ct);
        return new(await GetAsync(ct));
    }

    private async Task WriteAsync(DistributionSettingsBody body, Rolodesk.Data.Requests.DistributionMethod method, List<int> groupIds, CancellationToken ct)
    {
        var caps = body.Capacities;
        var settings = await db.DistributionSettings.SingleAsync(ct);
        settings.Enabled = body.Enabled!.Value;
        settings.Method = method;
        settings.DefaultCapacity = body.DefaultCapacity!.Value;
        settings.AgentGroupIds = groupIds;
        settings.ReturnUnansweredOnLeave = body.ReturnUnansweredOnLeave!.Value;
        if (caps is not null)
        {
            var wanted = caps.ToDictionary(c => c.AgentId, c => c.Capacity);
            var ids = wanted.Keys.ToList();
            var rows = await db.AgentDistribution.Where(a => a.Capacity != null || ids.Contains(a.AgentId)).ToListAsync(ct);
            foreach (var row in rows) row.Capacity = wanted.Remove(row.AgentId, out var c) ? c : null;
            foreach (var (agentId, capacity) in wanted) db.AgentDistribution.Add(new() { AgentId = agentId, Capacity = capacity });
        }
        await db.SaveChangesAsync(ct);
    }
}
