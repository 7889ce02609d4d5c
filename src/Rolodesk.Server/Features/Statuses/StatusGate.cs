using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>
/// The rights the API enforces with endpoint policies, for the pages: the Blazor UI calls the
/// same writer and changer in-process, so it must refuse here what the API refuses (403 with the
/// same wording), and validate a change the same way.
/// </summary>
public static class StatusGate
{
    /// <summary>The right needed to change another agent's status from this source (either right for api).</summary>
    public static bool CanChange(UserAccess actor, StatusSource source) => source switch
    {
        StatusSource.Analytics => actor.Has(Permissions.AnalyticsAgentsStatus),
        StatusSource.Omni => actor.Has(Permissions.OmniAgentsStatus),
        StatusSource.Api => actor.Has(Permissions.AnalyticsAgentsStatus) || actor.Has(Permissions.OmniAgentsStatus),
        _ => false,
    };

    public static string RightFor(StatusSource source) =>
        source == StatusSource.Omni ? Permissions.OmniAgentsStatus : Permissions.AnalyticsAgentsStatus;

    /// <summary>Changes an agent's status from the Analytics or Omni Agents page, as PUT /agents/{id}/status does.</summary>
    public static async Task<WriteResult<ChangeResult>> ChangeAgentAsync(this StatusChanger changer, UserAccess actor,
        int agentId, int? statusId, string? reason, StatusSource source, CancellationToken ct)
    {
        if (!CanChange(actor, source))
            return Problems.Forbidden($"Changing a status from {StatusSources.Key(source)} needs the right '{RightFor(source)}'.");
        var errors = new ValidationErrors();
        if (statusId is null) errors.Add("statusId", "Required.");
        var cleanReason = StatusRules.Reason(reason, errors);
        if (errors.Any) return errors;
        var result = await changer.ChangeAsync(new StatusChange(agentId, statusId!.Value, source, actor.UserId, cleanReason), ct);
        return result.Outcome switch
        {
            ChangeOutcome.NotAgent => Problems.NotFound("Agent", agentId),
            ChangeOutcome.UnknownStatus => errors.Add("statusId", $"There is no status with id {statusId}."),
            _ => new WriteResult<ChangeResult>(result),
        };
    }

    /// <summary>Runs a write of the "User statuses" tab, refused without contact-fields.manage like the API's writes.</summary>
    public static async Task<WriteResult<T>> ManageAsync<T>(this StatusWriter writer, UserAccess actor, Func<StatusWriter, Task<WriteResult<T>>> write) =>
        actor.Has(Permissions.ContactFieldsManage)
            ? await write(writer)
            : Problems.Forbidden($"Changing statuses needs the right '{Permissions.ContactFieldsManage}'.");
}
