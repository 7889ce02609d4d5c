using System.Text.Json;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Values;

/// <summary>A card's new values document and the fields whose values changed (their index rows are rewritten).</summary>
public sealed record CardChange(string? Document, IReadOnlyList<CardField> Changed);

/// <summary>
/// Custom field values of cards, read and written with the acting user's access: what they may
/// not display never leaves here, what they may not edit is refused by key, mandatory fields are
/// checked after the change. Definitions come from the process-wide <see cref="FieldDefinitionsCache"/>,
/// so a read costs no definitions query, and the values come with each card's row.
/// </summary>
public sealed class CardFields(RolodeskDbContext db, FieldDefinitionsCache definitions)
{
    public const string NoSuchField = "No such field on this card.";
    public const string MayNotEdit = "You may not edit this field.";

    /// <summary>The definitions for reading cards: at most <see cref="FieldDefinitionsCache.RecheckAfter"/> behind another instance's change.</summary>
    public Task<FieldCatalog> CatalogAsync(FieldTarget target, CancellationToken ct) => definitions.GetAsync(db, target, fresh: false, ct);

    /// <summary>The definitions checked against the database's stamp now (for a write that was sent back as outdated).</summary>
    public Task<FieldCatalog> FreshCatalogAsync(FieldTarget target, CancellationToken ct) => definitions.GetAsync(db, target, fresh: true, ct);

    /// <summary>
    /// The users' definitions for reading cards of these groups: the cached copy, or the database's
    /// current one when a group is newer than the copy (created on another instance within the last second).
    /// </summary>
    public async Task<FieldCatalog> UserCatalogAsync(IEnumerable<int> groupIds, CancellationToken ct)
    {
        var catalog = await CatalogAsync(FieldTarget.Users, ct);
        return catalog.KnowsGroups(groupIds) ? catalog : await FreshCatalogAsync(FieldTarget.Users, ct);
    }

    /// <inheritdoc cref="Apply"/>
    public async Task<CardChange?> ApplyAsync(
        FieldTarget target, UserAccess actor, IReadOnlyCollection<int> cardGroupIds, string? stored,
        IReadOnlyDictionary<string, JsonElement>? requested, bool creating, ValidationErrors errors, CancellationToken ct) =>
        // Checked against the stamp every time: a write is never validated against outdated definitions.
        Apply(await definitions.GetAsync(db, target, fresh: true, ct), actor, cardGroupIds, stored, requested, creating, errors);

    /// <summary>
    /// Replaces the index rows of the changed fields (and, when the card's <paramref name="sortKey"/>
    /// changed, re-keys its other text rows: <paramref name="renamed"/>); saved by the caller's next SaveChanges, with the card.
    /// </summary>
    public Task IndexAsync(FieldTarget target, int entityId, string sortKey, CardChange change, bool created, bool renamed, CancellationToken ct) =>
        CardIndex.ReplaceAsync(db, target, entityId, sortKey, change.Document, change.Changed, created, renamed, ct);

    /// <summary>
    /// The values the actor may display, in card order: every applicable field they may display,
    /// null when the card has no value. Archived options are returned as stored (their settings mark them).
    /// </summary>
    public static CustomFieldValues Visible(
        FieldCatalog catalog, UserAccess actor, IReadOnlyCollection<int> cardGroupIds, string? document)
    {
        Dictionary<string, JsonElement>? values = null;
        var visible = new CustomFieldValues();
        foreach (var field in catalog.Fields)
        {
            if (!Shows(catalog, field, actor, cardGroupIds)) continue;
            values ??= CardDocument.Parse(document);
            visible[field.Key] = values.TryGetValue(field.Key, out var v) ? v : Json.Null;
        }
        return visible;
    }

    /// <summary>Whether a card shows the field to the actor: it applies to the card and the actor may display it.</summary>
    public static bool Shows(FieldCatalog catalog, CardField field, UserAccess actor, IReadOnlyCollection<int> cardGroupIds) =>
        catalog.AppliesTo(field, cardGroupIds) && field.LevelFor(actor) is not null;

    /// <summary>
    /// Applies the requested values (null = none sent) to the stored document, or adds errors under
    /// "customFields.&lt;key&gt;" and returns null. Keys not sent keep their value; a JSON null clears.
    /// On create, applicable fields not sent get their default value.
    /// </summary>
    public static CardChange? Apply(
        FieldCatalog catalog, UserAccess actor, IReadOnlyCollection<int> cardGroupIds, string? stored,
        IReadOnlyDictionary<string, JsonElement>? requested, bool creating, ValidationErrors errors)
    {
        var before = CardDocument.Parse(stored);
        var after = new Dictionary<string, JsonElement>(before, StringComparer.Ordinal);
        var failed = false;
        foreach (var (key, value) in requested ?? new Dictionary<string, JsonElement>())
        {
            var path = "customFields." + key;
            var field = catalog.Find(key);
            // A field the actor may not display is answered like one that does not exist: sending a
            // guess and seeing it accepted as "unchanged" would otherwise reveal the hidden value.
            if (field is null || !catalog.AppliesTo(field, cardGroupIds) || field.LevelFor(actor) is null)
            {
                Fail(path, NoSuchField);
                continue;
            }
            var old = before.TryGetValue(key, out var o) ? o : (JsonElement?)null;
            if (field.LevelFor(actor) is not (FieldAccessLevel.Edit or FieldAccessLevel.Mandatory))
            {
                // Sending back what is stored (a card read, then saved) changes nothing, so it is not an edit.
                if (!CardDocument.SameValue(old, value)) Fail(path, MayNotEdit);
                continue;
            }
            var normalised = field.Type.ValidateValue(value, field.ParsedSettings, errors, path, old);
            if (normalised is not { } n) failed = true;
            else CardDocument.Set(after, key, n);
        }

        foreach (var field in catalog.Fields)
        {
            if (!catalog.AppliesTo(field, cardGroupIds)) continue;
            if (creating && field.Default is { } d && requested?.ContainsKey(field.Key) != true) CardDocument.Set(after, field.Key, d);
            var path = "customFields." + field.Key;
            if (field.LevelFor(actor) == FieldAccessLevel.Mandatory && !after.ContainsKey(field.Key) && !errors.All.ContainsKey(path))
                Fail(path, "Required.");
        }
        if (failed) return null;

        var changed = catalog.Fields.Where(f =>
            !CardDocument.SameValue(before.TryGetValue(f.Key, out var b) ? b : null, after.TryGetValue(f.Key, out var a) ? a : Json.Null)).ToList();
        return new CardChange(changed.Count == 0 ? stored : CardDocument.Serialize(after), changed);

        void Fail(string path, string message)
        {
            errors.Add(path, message);
            failed = true;
        }
    }
}
