using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rolodesk.Server.Components.Pages.Contacts;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Components.Pages.ContactFields;

/// <summary>
/// Creates or changes a field through <see cref="FieldWriter"/>, the API's writer, so the rules are
/// the same. Errors sit next to the input their JSON path names; the rest go to one alert.
/// </summary>
public partial class FieldDialog
{
    /// <summary>JSON paths shown next to an input (settings ones by the settings editors, access ones by the matrix).</summary>
    private static class Paths
    {
        public const string Name = "name", Key = "key", Type = "type", Group = "fieldGroupId", Default = "defaultValue";
        public static readonly string[] Placed =
        [
            Name, Key, Type, Group, Default, "access", "settings.maxLength", "settings.min", "settings.max", "settings.step",
            "settings.decimalPlaces", "settings.options", "settings.leafRequired",
        ];
    }

    /// <summary>The type choice, in the order people meet them (the registry itself is unordered).</summary>
    private static readonly string[] TypeOrder = ["text", "textarea", "dropdown", "checkbox", "date", "number", "nested"];

    private static readonly IReadOnlyList<IFieldType> Types = [.. FieldTypeRegistry.Default.All
        .OrderBy(t => Array.IndexOf(TypeOrder, t.Key) is var i and >= 0 ? i : int.MaxValue).ThenBy(t => t.Key, StringComparer.Ordinal)];

    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter] public string Target { get; set; } = "users";
    [Parameter] public int GroupId { get; set; }
    /// <summary>The field to edit; null adds one.</summary>
    [Parameter] public FieldResponse? Field { get; set; }
    [Parameter] public IReadOnlyList<FieldGroupDetail> TargetGroups { get; set; } = [];
    [Parameter] public IReadOnlyList<GroupRef> UserGroups { get; set; } = [];
    [Parameter] public UserAccess Actor { get; set; } = default!;

    private readonly FieldErrors _errors = new();
    private FieldFormModel _model = new();
    private IReadOnlyDictionary<string, List<string>>? Errors { get; set; }
    private bool _busy;

    /// <summary>Live groups of the same target, and the field's own group even when archived.</summary>
    private IEnumerable<FieldGroupDetail> GroupChoices => TargetGroups.Where(g => g.ArchivedAt is null || g.Id == Field?.FieldGroupId);

    protected override void OnInitialized() =>
        _model = Field is null ? new FieldFormModel { GroupId = GroupId } : FieldFormModel.From(Field, FieldTypeRegistry.Default.Find(Field.Type));

    private string GroupName(int id) => TargetGroups.FirstOrDefault(g => g.Id == id)?.Name ?? $"#{id}";

    private static string TypeName(string? key) => FieldTypeRegistry.Default.Find(key)?.DisplayName ?? key ?? "";

    /// <summary>Nothing to do: handling the event is what re-renders the dialog (see the settings section).</summary>
    private static void SettingsTouched() { }

    private async Task NameChangedAsync(string? name)
    {
        _model.Name = name;
        if (!_model.IsNew || _model.KeyTouched) return;
        if (string.IsNullOrWhiteSpace(name))
        {
            _model.Key = null;
            return;
        }
        // The same proposal as GET /api/v1/fields/key-proposal: the name's slug, made unique among the target's keys.
        var target = FieldRules.ParseTarget(Target)!.Value;
        _model.Key = await Scopes.RunAsync<FieldWriter, string>(w => w.ProposeKeyAsync(name, target, CancellationToken.None));
    }

    /// <summary>A key typed by hand stays; clearing it goes back to the proposal.</summary>
    private void KeyChanged(string? key) => (_model.Key, _model.KeyTouched) = (key, !string.IsNullOrWhiteSpace(key));

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var request = _model.ToRequest(UserGroups.Select(g => g.Id));
            var result = await Scopes.RunAsync<FieldWriter, WriteResult<FieldResponse>>(w => _model.IsNew
                ? w.CreateAsync(request, Actor, CancellationToken.None)
                : w.UpdateAsync(_model.Id!.Value, request, Actor, CancellationToken.None));
            Errors = result.Errors?.All;
            if (_errors.Show(result, Paths.Placed)) Dialog.Close(DialogResult.Ok(result.Value!));
        }
        finally { _busy = false; }
    }

    /// <summary>Shows the dialog; the saved field, or null when cancelled.</summary>
    public static async Task<FieldResponse?> ShowAsync(IDialogService dialogs, string title, string target, int groupId, FieldResponse? field,
        IReadOnlyList<FieldGroupDetail> targetGroups, IReadOnlyList<GroupRef> userGroups, UserAccess actor)
    {
        var parameters = new DialogParameters<FieldDialog>
        {
            { d => d.Target, target }, { d => d.GroupId, groupId }, { d => d.Field, field },
            { d => d.TargetGroups, targetGroups }, { d => d.UserGroups, userGroups }, { d => d.Actor, actor },
        };
        var dialog = await dialogs.ShowAsync<FieldDialog>(title, parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: FieldResponse saved } ? saved : null;
    }
}
