using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Components.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Features.Contacts;
using UiField = Rolodesk.Server.Components.ContactFields.CardField;

namespace Rolodesk.Server.Components.Pages.Contacts;

/// <summary>
/// A card's custom fields as its page shows them: the applicable groups the actor may display,
/// the values being edited, and what changed. Applicability and access come from the same
/// <see cref="FieldCatalog"/> the API uses, so the page never shows more than the API would.
/// </summary>
public sealed class CardCustomFields
{
    public static readonly CardCustomFields None = new([], null, []);

    private readonly Dictionary<string, JsonElement?> _original;
    private readonly HashSet<string> _editable;

    private CardCustomFields(IReadOnlyList<CardFieldGroup> groups, CustomFieldValues? values, HashSet<string> editable)
    {
        Groups = groups;
        _editable = editable;
        _original = (values ?? []).ToDictionary(kv => kv.Key, kv => kv.Value.ValueKind == JsonValueKind.Null ? null : (JsonElement?)kv.Value);
        Values = new(_original);
    }

    public IReadOnlyList<CardFieldGroup> Groups { get; }
    /// <summary>The values shown and edited, by field key; null = no value.</summary>
    public Dictionary<string, JsonElement?> Values { get; private set; }

    /// <summary>The error paths the form shows inline; errors of other custom fields go to the alert.</summary>
    public string[] Paths => [.. Groups.SelectMany(g => g.Fields).Select(f => CustomFieldsForm.PathOf(f.Key))];

    /// <summary>Back to the card's values (edit started or cancelled).</summary>
    public void Reset() => Values = new(_original);

    /// <summary>The values the actor may edit and changed; null when none (the request then keeps them all).</summary>
    public Dictionary<string, JsonElement>? Changes()
    {
        var changes = Edited().Where(kv => _editable.Contains(kv.Key))
            .ToDictionary(kv => kv.Key, kv => kv.Value ?? Json.Null, StringComparer.Ordinal);
        return changes.Count == 0 ? null : changes;
    }

    /// <summary>The values that differ from the card's (or from the defaults), whoever may edit them.</summary>
    private IEnumerable<KeyValuePair<string, JsonElement?>> Edited() =>
        Values.Where(kv => !Same(_original.GetValueOrDefault(kv.Key), kv.Value));

    /// <param name="visible">The card's custom fields as read for the actor (a card response's <c>CustomFields</c>).</param>
    public static async Task<CardCustomFields> LoadAsync(
        RolodeskDbContext db, CardFields fields, FieldTarget target, UserAccess actor,
        IReadOnlyCollection<int> cardGroupIds, CustomFieldValues? visible, CancellationToken ct)
    {
        var catalog = await fields.CatalogAsync(target, ct);
        // The catalog knows each field's group only by audience; names come from the group rows.
        var groupOf = await db.CustomFields.AsNoTracking().Where(f => f.Target == target)
            .Select(f => new { f.Key, f.FieldGroupId, GroupName = f.FieldGroup.Name })
            .ToDictionaryAsync(f => f.Key, f => (f.FieldGroupId, f.GroupName), ct);
        var groups = new List<(int Id, string Name, List<UiField> Fields)>();
        var editable = new HashSet<string>(StringComparer.Ordinal);
        // Catalog fields are in card order (group position, then field position), so groups come out in order.
        foreach (var field in catalog.Fields)
        {
            if (!catalog.AppliesTo(field, cardGroupIds) || field.LevelFor(actor) is not { } level) continue;
            if (!groupOf.TryGetValue(field.Key, out var g)) continue;
            if (groups.Count == 0 || groups[^1].Id != g.FieldGroupId) groups.Add((g.FieldGroupId, g.GroupName, []));
            groups[^1].Fields.Add(new UiField(field.Key, field.Name, field.Type, field.Settings, level, field.ParsedSettings));
            if (level >= FieldAccessLevel.Edit) editable.Add(field.Key);
        }
        return new([.. groups.Select(g => new CardFieldGroup(g.Id, g.Name, g.Fields))], visible, editable);
    }

    /// <summary>
    /// The custom fields of a card about to be created: those that will apply to it, pre-filled with
    /// their default values (what the writer fills in for a field not sent, so <see cref="Changes"/>
    /// sends only what the person changed), and what they already changed in <paramref name="typed"/>
    /// when the user group choice changes and the fields are worked out again. Those are kept even
    /// for fields that no longer apply, so ticking a group off and on loses nothing; only fields that
    /// apply are sent.
    /// </summary>
    public static async Task<CardCustomFields> NewAsync(
        IServiceScopeFactory scopes, FieldTarget target, UserAccess actor, IReadOnlyCollection<int> cardGroupIds,
        CardCustomFields? typed, CancellationToken ct)
    {
        // A scope of its own: the dialog's handlers may run while another load is in flight.
        await using var scope = scopes.CreateAsyncScope();
        var fields = scope.ServiceProvider.GetRequiredService<CardFields>();
        var defaults = new CustomFieldValues();
        foreach (var field in (await fields.CatalogAsync(target, ct)).Fields)
            if (field.Default is { } d) defaults[field.Key] = d;
        var card = await LoadAsync(scope.ServiceProvider.GetRequiredService<RolodeskDbContext>(), fields, target, actor, cardGroupIds, defaults, ct);
        card.Keep(typed);
        return card;
    }

    /// <summary>
    /// The custom fields of a card being edited once its user groups are changed on the form (not
    /// yet saved): those the new groups give it, with the card's stored values and what was already
    /// typed in <paramref name="typed"/>, kept as <see cref="NewAsync"/> keeps them.
    /// </summary>
    public static async Task<CardCustomFields> RegroupAsync(
        IServiceScopeFactory scopes, FieldTarget target, UserAccess actor, IReadOnlyCollection<int> cardGroupIds,
        CustomFieldValues? visible, CardCustomFields typed, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var card = await LoadAsync(scope.ServiceProvider.GetRequiredService<RolodeskDbContext>(),
            scope.ServiceProvider.GetRequiredService<CardFields>(), target, actor, cardGroupIds, visible, ct);
        card.Keep(typed);
        return card;
    }

    private void Keep(CardCustomFields? typed)
    {
        foreach (var (key, value) in typed?.Edited() ?? []) Values[key] = value;
    }

    private static bool Same(JsonElement? a, JsonElement? b) =>
        (a is null || a.Value.ValueKind == JsonValueKind.Null)
            ? b is null || b.Value.ValueKind == JsonValueKind.Null
            : b is { } bv && JsonElement.DeepEquals(a.Value, bv);
}
