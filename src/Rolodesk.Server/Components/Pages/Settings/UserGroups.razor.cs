using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Rolodesk.Data;
using Rolodesk.Server.Components.Shared;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Components.Pages.Settings;

/// <summary>
/// The groups × rights matrix. Checkbox changes stay local until "Save changes"; every write goes
/// through <see cref="UserGroupWriter"/>, the same code as the API, in a fresh scope per action so
/// a refused change never lingers in a circuit-long DbContext.
/// </summary>
public partial class UserGroups
{
    [Inject] private IDbContextFactory<RolodeskDbContext> Contexts { get; set; } = default!;
    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private UserAccessProvider? Access { get; set; }

    private List<UserGroupResponse>? _groups;
    private Dictionary<int, HashSet<string>> _rights = [];
    private bool _saving;

    private IEnumerable<UserGroupResponse> ChangedGroups => _groups?.Where(IsChanged) ?? [];
    private bool AnyChanged => ChangedGroups.Any();

    protected override async Task OnInitializedAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        _groups = await UserGroupWriter.Project(db.UserGroups.AsNoTracking()).ToListAsync();
        _rights = _groups.ToDictionary(g => g.Id, g => g.Permissions.ToHashSet(StringComparer.Ordinal));
    }

    private bool IsChanged(UserGroupResponse g) => !_rights[g.Id].SetEquals(g.Permissions);

    private void Toggle(UserGroupResponse g, string right, bool on)
    {
        if (on) _rights[g.Id].Add(right);
        else _rights[g.Id].Remove(right);
    }

    private void Discard()
    {
        foreach (var g in _groups ?? []) _rights[g.Id] = g.Permissions.ToHashSet(StringComparer.Ordinal);
    }

    private async Task SaveAsync()
    {
        _saving = true;
        var saved = 0;
        foreach (var g in ChangedGroups.ToList())
        {
            var request = new UserGroupRequest(g.Name, g.Kind, [.. _rights[g.Id]]);
            var result = await WithWriter(w => w.UpdateAsync(g.Id, request, CancellationToken.None));
            if (Report(result, g.Name)) { Replace(result.Value!); saved++; }
        }
        _saving = false;
        if (saved > 0)
        {
            Snackbar.Add(saved == 1 ? "Rights saved." : $"Rights of {saved} groups saved.", Severity.Success);
            await RefreshOwnAccessAsync();
        }
    }

    private async Task CreateAsync()
    {
        var created = await GroupDialog.ShowAsync(Dialogs, "New user group", "", "agents", kindLocked: false,
            (name, kind) => WithWriter(w => w.CreateAsync(new UserGroupRequest(name, kind, []), CancellationToken.None)));
        if (created is null) return;
        _groups!.Add(created);
        _groups.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        _rights[created.Id] = [];
        Snackbar.Add($"Group '{created.Name}' created. Tick the rights it grants, then save.", Severity.Success);
    }

    private async Task EditAsync(UserGroupResponse g)
    {
        // Sends the saved rights so that renaming does not also save unsaved ticks.
        var updated = await GroupDialog.ShowAsync(Dialogs, $"Edit '{g.Name}'", g.Name, g.Kind, kindLocked: g.IsSystem,
            (name, kind) => WithWriter(w => w.UpdateAsync(g.Id, new UserGroupRequest(name, kind, [.. g.Permissions]), CancellationToken.None)));
        if (updated is null) return;
        var pending = _rights[g.Id];
        Replace(updated);
        _rights[g.Id] = pending;
        Snackbar.Add($"Group '{updated.Name}' saved.", Severity.Success);
    }

    private async Task DeleteAsync(UserGroupResponse g)
    {
        var members = g.MemberCount == 0 ? "It has no members." : $"Its {Members(g.MemberCount)} stay, without this group's rights.";
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete user group", $"Delete '{g.Name}'? {members}",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true) return;
        var problem = await WithWriter(w => w.DeleteAsync(g.Id, CancellationToken.None));
        if (!Report(new WriteResult<UserGroupResponse>(null, null, problem), g.Name)) return;
        _groups!.Remove(g);
        _rights.Remove(g.Id);
        Snackbar.Add($"Group '{g.Name}' deleted.", Severity.Success);
        await RefreshOwnAccessAsync();
    }

    private void Replace(UserGroupResponse fresh)
    {
        var i = _groups!.FindIndex(x => x.Id == fresh.Id);
        _groups[i] = fresh;
        _rights[fresh.Id] = fresh.Permissions.ToHashSet(StringComparer.Ordinal);
    }

    private bool Report(WriteResult<UserGroupResponse> result, string group)
    {
        if (result.Succeeded) return true;
        Snackbar.Add($"{group}: {string.Join(" ", result.Messages)}", Severity.Error,
            o => o.RequireInteraction = true);
        return false;
    }

    private async Task RefreshOwnAccessAsync()
    {
        if (Access is not null) await Access.RefreshAsync();
    }

    private async Task<T> WithWriter<T>(Func<UserGroupWriter, Task<T>> write)
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await write(scope.ServiceProvider.GetRequiredService<UserGroupWriter>());
    }

    private static string Members(int n) => n == 1 ? "1 member" : $"{n} members";

}
