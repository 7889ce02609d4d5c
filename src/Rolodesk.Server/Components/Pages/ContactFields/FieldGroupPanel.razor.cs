using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rolodesk.Server.Components.Pages.Contacts;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Components.Pages.ContactFields;

/// <summary>
/// A field group's actions and its fields' actions. Every write goes through the same writer as
/// the API, in a scope of its own; after each one the list reloads, so positions stay the server's.
/// </summary>
public partial class FieldGroupPanel
{
    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired] public FieldGroupDetail Group { get; set; } = default!;
    [Parameter, EditorRequired] public string Target { get; set; } = "";
    [Parameter, EditorRequired] public UserAccess Actor { get; set; } = default!;
    [Parameter] public IReadOnlyList<GroupRef> UserGroups { get; set; } = [];
    /// <summary>Every group of the target, for the field dialog's group choice.</summary>
    [Parameter] public IReadOnlyList<FieldGroupDetail> TargetGroups { get; set; } = [];
    [Parameter] public bool ShowArchived { get; set; }
    [Parameter] public bool CanMoveUp { get; set; }
    [Parameter] public bool CanMoveDown { get; set; }
    [Parameter] public EventCallback<int> Move { get; set; }
    [Parameter] public EventCallback Changed { get; set; }

    private bool _expanded = true;

    private bool IsArchived => Group.ArchivedAt is not null;
    private List<FieldResponse> LiveFields => [.. Group.Fields.Where(f => f.ArchivedAt is null)];
    private List<FieldResponse> VisibleFields => ShowArchived ? [.. Group.Fields] : LiveFields;

    private string GroupName(int id) => UserGroups.FirstOrDefault(g => g.Id == id)?.Name ?? $"#{id}";

    private static string Count(int n) => n == 1 ? "1 field" : $"{n} fields";

    private async Task EditAsync()
    {
        var saved = await FieldGroupDialog.ShowAsync(Dialogs, $"Edit '{Group.Name}'", Target, Group.Name, Group.UserGroupIds, UserGroups,
            (name, ids) => Write<FieldGroupWriter, FieldGroupResponse>(w => w.UpdateAsync(Group.Id, new FieldGroupRequest(name, null, ids), Actor, CancellationToken.None)));
        if (saved is not null) await Done($"Field group '{saved.Name}' saved.");
    }

    private async Task ArchiveAsync()
    {
        var ok = await Dialogs.ShowMessageBoxAsync("Archive field group",
            $"Archive '{Group.Name}'? Its fields leave every card until you restore it; their values are kept.",
            yesText: "Archive", cancelText: "Cancel");
        if (ok != true) return;
        await Report(await Write<FieldGroupWriter, FieldGroupResponse>(w => w.ArchiveAsync(Group.Id, Actor, CancellationToken.None)),
            $"Field group '{Group.Name}' archived. \"Show archived\" lists it for a restore.");
    }

    private async Task RestoreAsync() =>
        await Report(await Write<FieldGroupWriter, FieldGroupResponse>(w => w.RestoreAsync(Group.Id, Actor, CancellationToken.None)),
            $"Field group '{Group.Name}' restored.");

    private async Task PurgeAsync()
    {
        var purged = await PurgeDialog.ShowAsync(Dialogs, "Purge field group",
            Group.Fields.Count == 0
                ? $"This removes '{Group.Name}' for good. It cannot be undone."
                : $"This removes '{Group.Name}', its {Count(Group.Fields.Count)} and all their values for good. It cannot be undone.",
            "the group's name", Group.Name,
            confirm => Write<FieldGroupWriter, bool>(w => w.PurgeAsync(Group.Id, confirm, Actor, CancellationToken.None)));
        if (purged) await Done($"Field group '{Group.Name}' purged.");
    }

    private async Task AddFieldAsync()
    {
        var created = await FieldDialog.ShowAsync(Dialogs, "Add field", Target, Group.Id, null, TargetGroups, UserGroups, Actor);
        if (created is not null) await Done($"Field '{created.Name}' added with the key '{created.Key}'.");
    }

    private async Task EditFieldAsync(FieldResponse f)
    {
        var saved = await FieldDialog.ShowAsync(Dialogs, $"Edit field '{f.Name}'", Target, f.FieldGroupId, f, TargetGroups, UserGroups, Actor);
        if (saved is not null) await Done($"Field '{saved.Name}' saved.");
    }

    private async Task ArchiveFieldAsync(FieldResponse f)
    {
        var ok = await Dialogs.ShowMessageBoxAsync("Archive field",
            $"Archive '{f.Name}'? It leaves every card until you restore it; its values are kept.", yesText: "Archive", cancelText: "Cancel");
        if (ok != true) return;
        await Report(await Write<FieldWriter, FieldResponse>(w => w.ArchiveAsync(f.Id, Actor, CancellationToken.None)),
            $"Field '{f.Name}' archived. \"Show archived\" lists it for a restore.");
    }

    private async Task RestoreFieldAsync(FieldResponse f) =>
        await Report(await Write<FieldWriter, FieldResponse>(w => w.RestoreAsync(f.Id, Actor, CancellationToken.None)), $"Field '{f.Name}' restored.");

    private async Task PurgeFieldAsync(FieldResponse f)
    {
        var purged = await PurgeDialog.ShowAsync(Dialogs, "Purge field",
            $"This removes the field '{f.Name}' and every value stored in it for good. It cannot be undone.", "the field's key", f.Key,
            confirm => Write<FieldWriter, bool>(w => w.PurgeAsync(f.Id, confirm, Actor, CancellationToken.None)));
        if (purged) await Done($"Field '{f.Name}' purged.");
    }

    private async Task MoveFieldAsync((FieldResponse Field, int Delta) move)
    {
        var ids = LiveFields.Select(f => f.Id).ToList();
        var i = ids.IndexOf(move.Field.Id);
        (ids[i], ids[i + move.Delta]) = (ids[i + move.Delta], ids[i]);
        await Report(await Write<FieldWriter, List<FieldResponse>>(w => w.ReorderAsync(new FieldOrderRequest(Group.Id, ids), Actor, CancellationToken.None)), null);
    }

    private Task<WriteResult<T>> Write<TWriter, T>(Func<TWriter, Task<WriteResult<T>>> write) where TWriter : notnull =>
        Scopes.RunAsync(write);

    private async Task Report<T>(WriteResult<T> result, string? success)
    {
        if (!result.Succeeded)
        {
            Snackbar.Add(string.Join(" ", result.Messages), Severity.Error, o => o.RequireInteraction = true);
            return;
        }
        await Done(success);
    }

    private async Task Done(string? message)
    {
        if (message is not null) Snackbar.Add(message, Severity.Success);
        await Changed.InvokeAsync();
    }
}
