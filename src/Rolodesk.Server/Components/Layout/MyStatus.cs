using Rolodesk.Data;
using Rolodesk.Data.Statuses;
using Rolodesk.Server.Features.Statuses;

namespace Rolodesk.Server.Components.Layout;

/// <summary>
/// The signed-in agent's own status for the avatar menu. Every committed change of this agent
/// (from this tab, another tab, a supervisor, the inactivity rule, another instance) makes it
/// read the status again, one read at a time: the last read follows the last change, so every
/// tab shows the committed status whatever order the events arrive in.
/// </summary>
public sealed class MyStatus(IServiceScopeFactory scopes, InProcessStatusEvents events, int agentId, Func<Task> changed, ILogger log) : IDisposable
{
    private readonly SemaphoreSlim _reading = new(1, 1);

    public AgentStatusResponse? Current { get; private set; }

    public IReadOnlyList<StatusResponse> Statuses { get; private set; } = [];

    public async Task StartAsync()
    {
        events.Changed += OnChanged;
        events.Catalog += OnCatalog;
        await ReadAsync(catalog: true);
    }

    /// <summary>Changes the agent's own status (source self); the event then refreshes every tab, this one too.</summary>
    public async Task<string?> ChangeAsync(int statusId, string? reason)
    {
        var errors = new Infrastructure.ValidationErrors();
        reason = StatusRules.Reason(reason, errors);
        if (errors.Any) return $"The reason may have at most {StatusRules.MaxReason} characters.";
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<StatusChanger>()
            .ChangeAsync(new StatusChange(agentId, statusId, StatusSource.Self, agentId, reason));
        return result.Outcome switch
        {
            ChangeOutcome.UnknownStatus => "That status was deleted meanwhile.",
            ChangeOutcome.NotAgent => "Only agents have a status.",
            _ => null,
        };
    }

    private void OnChanged(StatusChanged change)
    {
        if (change.AgentId == agentId) _ = RefreshAsync(catalog: false);
    }

    // A renamed or recoloured status changes the dot too.
    private void OnCatalog() => _ = RefreshAsync(catalog: true);

    private async Task RefreshAsync(bool catalog)
    {
        try
        {
            await ReadAsync(catalog);
            await changed();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An event handler has no caller to tell: the next change reads again.
            log.LogWarning(e, "Could not refresh the status of agent {AgentId}", agentId);
        }
    }

    private async Task ReadAsync(bool catalog)
    {
        await _reading.WaitAsync();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RolodeskDbContext>();
            if (catalog) Statuses = await db.ListStatusesAsync(CancellationToken.None);
            Current = await db.AgentStatusAsync(scope.ServiceProvider.GetRequiredService<SystemStatusIds>(), agentId, CancellationToken.None);
        }
        finally { _reading.Release(); }
    }

    public void Dispose()
    {
        events.Changed -= OnChanged;
        events.Catalog -= OnCatalog;
    }
}
