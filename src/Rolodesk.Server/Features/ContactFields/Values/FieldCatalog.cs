using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.Contacts;

namespace Rolodesk.Server.Features.ContactFields.Values;

/// <summary>
/// One custom field as cards need it: its type with parsed settings, default, audience and
/// access list. Built from the definition tables and cached per process (see <see cref="FieldDefinitionsCache"/>).
/// </summary>
public sealed record CardField(
    int Id, string Key, string Name, IFieldType Type, JsonElement Settings, object ParsedSettings, JsonElement? Default,
    bool Live, FrozenSet<int> Audience, FrozenDictionary<int, FieldAccessLevel> Access)
{
    /// <summary>The actor's level: the highest of their groups' levels; null = no access.</summary>
    public FieldAccessLevel? LevelFor(UserAccess actor)
    {
        FieldAccessLevel? best = null;
        foreach (var group in actor.GroupIds)
            if (Access.TryGetValue(group, out var level) && (best is null || level > best)) best = level;
        return best;
    }
}

/// <summary>
/// Every field of one target (archived ones too, to keep their values indexed), in card order; for
/// users also every user group (the stamp changes with them too, ADR 0005), so a card read needs only
/// its group ids from the database.
/// </summary>
public sealed class FieldCatalog(FieldTarget target, IReadOnlyList<CardField> fields, IReadOnlyList<GroupRef>? groups = null)
{
    private readonly FrozenDictionary<string, CardField> _byKey = fields.ToFrozenDictionary(f => f.Key, StringComparer.Ordinal);
    private readonly FrozenDictionary<string, int> _positions =
        fields.Select((f, i) => (f.Key, i)).ToFrozenDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);

    // Each group with its place in the database's order of the groups (by name in its collation, then id).
    private readonly FrozenDictionary<int, (GroupRef Group, int Position)> _groups =
        (groups ?? []).Select((g, i) => (g, i)).ToFrozenDictionary(x => x.g.Id, x => (x.g, x.i));

    /// <summary>Whether every one of <paramref name="groupIds"/> is in this catalog (a group created since it was loaded is not).</summary>
    public bool KnowsGroups(IEnumerable<int> groupIds)
    {
        foreach (var id in groupIds)
            if (!_groups.ContainsKey(id)) return false;
        return true;
    }

    /// <summary>
    /// The groups of <paramref name="groupIds"/> ordered as the card lists them (by name as the database
    /// sorts names, then id); ids not in the catalog are left out (see <see cref="KnowsGroups"/>).
    /// </summary>
    public GroupRef[] GroupsOf(IReadOnlyList<int> groupIds)
    {
        if (groupIds.Count == 0) return [];
        var found = new List<(GroupRef Group, int Position)>(groupIds.Count);
        foreach (var id in groupIds)
            if (_groups.TryGetValue(id, out var g)) found.Add(g);
        if (found.Count > 1) found.Sort((a, b) => a.Position.CompareTo(b.Position));
        var result = new GroupRef[found.Count];
        for (var i = 0; i < result.Length; i++) result[i] = found[i].Group;
        return result;
    }

    public FieldTarget Target { get; } = target;
    public IReadOnlyList<CardField> Fields { get; } = fields;

    public CardField? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The field's index in <see cref="Fields"/>, -1 if none; by span, so reading a stored document allocates no key strings.</summary>
    public int PositionOf(ReadOnlySpan<char> key) =>
        _positions.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var i) ? i : -1;

    /// <summary>
    /// Whether a live field is on a card: every company card, or a user card when the user is in
    /// one of the user groups its field group is tied to.
    /// </summary>
    public bool AppliesTo(CardField field, IReadOnlyCollection<int> cardGroupIds)
    {
        if (!field.Live) return false;
        if (Target == FieldTarget.Companies) return true;
        // A loop, not Any(Contains): this runs for every field of every card read (no delegate per call).
        foreach (var id in cardGroupIds)
            if (field.Audience.Contains(id)) return true;
        return false;
    }

    public static async Task<FieldCatalog> LoadAsync(RolodeskDbContext db, FieldTypeRegistry types, FieldTarget target, CancellationToken ct)
    {
        var rows = await db.CustomFields.AsNoTracking()
            .Include(f => f.Access).Include(f => f.FieldGroup).ThenInclude(g => g.UserGroups)
            .Where(f => f.Target == target)
            .InOrder().ToListAsync(ct);
        var fields = new List<CardField>(rows.Count);
        foreach (var f in rows)
        {
            // A type missing from the registry (a removed plug-in) leaves its values stored but unused.
            if (types.Find(f.Type) is not { } type) continue;
            var settings = JsonSerializer.Deserialize<JsonElement>(f.Settings);
            fields.Add(new CardField(
                f.Id, f.Key, f.Name, type, settings, type.ParseSettings(settings),
                f.DefaultValue is null ? null : JsonSerializer.Deserialize<JsonElement>(f.DefaultValue),
                f.ArchivedAt is null && f.FieldGroup.ArchivedAt is null,
                f.FieldGroup.UserGroups.Select(g => g.Id).ToFrozenSet(),
                f.Access.ToFrozenDictionary(a => a.UserGroupId, a => a.Level)));
        }
        if (target != FieldTarget.Users) return new FieldCatalog(target, fields);
        // Ordered by the database (its collation), as the card's groups were listed when the card's statement sorted them.
        var groups = await db.UserGroups.AsNoTracking().OrderBy(g => g.Name).ThenBy(g => g.Id)
            .Select(g => new GroupRef(g.Id, g.Name, g.Kind == UserGroupKind.Agents ? "agents" : "clients")).ToListAsync(ct);
        return new FieldCatalog(target, fields, groups);
    }
}
