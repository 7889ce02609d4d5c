using System.Text.Json;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>A node of a nested field's tree; a leaf has no children (null, never an empty array).</summary>
public sealed record NestedOption
{
    public string Id { get; init; } = "";
    public string Label { get; init; } = "";
    public bool Archived { get; init; }
    public IReadOnlyList<NestedOption>? Children { get; init; }
}

/// <summary>Settings of a nested field: the tree, and whether a value must go down to a leaf.</summary>
public sealed record NestedSettings
{
    public IReadOnlyList<NestedOption> Options { get; init; } = [];
    public bool LeafRequired { get; init; }

    /// <summary>The option with this id among the children of <paramref name="parent"/> (null = roots).</summary>
    public NestedOption? Child(NestedOption? parent, string id)
    {
        foreach (var o in parent is null ? Options : parent.Children ?? []) if (o.Id == id) return o;
        return null;
    }

    /// <summary>Same, by label ignoring case, live options first.</summary>
    public NestedOption? ChildLabelled(NestedOption? parent, string label) =>
        (parent is null ? Options : parent.Children ?? [])
        .Where(o => string.Equals(o.Label, label, StringComparison.OrdinalIgnoreCase)).OrderBy(o => o.Archived).FirstOrDefault();
}

/// <summary>
/// A tree of options of any depth (two levels at least); the value is the id path from a root,
/// e.g. ["eu", "fr", "paris"]. Indexed as one text per prefix ("eu", "eu/fr", "eu/fr/paris") so
/// "under Europe" is an equality on the index.
/// </summary>
public sealed class NestedFieldType : FieldType<NestedSettings>
{
    /// <summary>How a path reads as text (and in CSV); labels containing it cannot be parsed back.</summary>
    public const string TextSeparator = " / ";

    public override string Key => "nested";
    public override string DisplayName => "Nested list";
    public override IReadOnlyList<string> FilterOperators { get; } = [FilterOperator.Prefix, FilterOperator.Empty];

    protected override NestedSettings ReadSettings(SettingsReader reader)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var depth = 0;
        var options = ReadLevel(reader, ids, 1, ref depth);
        if (options is null || options.Count == 0) reader.Error("options", "Add at least one option.");
        else if (depth < 2) reader.Error("options", "Give at least one option children: a nested list has two levels or more.");
        return new NestedSettings { Options = options ?? [], LeafRequired = reader.Bool("leafRequired") ?? false };
    }

    /// <summary>Reads reader's "options" or "children" array; depth = deepest level seen.</summary>
    private static List<NestedOption>? ReadLevel(SettingsReader reader, HashSet<string> ids, int level, ref int depth, string name = "options")
    {
        var deepest = depth;
        var labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var options = reader.Objects(name, r =>
        {
            var id = r.String("id") ?? "";
            var label = r.String("label")?.Trim() ?? "";
            var archived = r.Bool("archived") ?? false;
            DropdownFieldType.CheckOption(id, label, r.Path, r.Errors);
            if (id.Length > 0 && !ids.Add(id)) r.Error("id", $"Another option already has the id '{id}'.");
            if (!archived && label.Length > 0 && !labels.Add(label)) r.Error("label", $"Another option at this level is already labelled '{label}'.");
            var below = level;
            var children = ReadLevel(r, ids, level + 1, ref below, "children");
            if (children is { Count: 0 }) r.Error("children", "Must not be empty: leave it out for a last-level option.");
            deepest = Math.Max(deepest, children is { Count: > 0 } ? below : level);
            return new NestedOption { Id = id, Label = label, Archived = archived, Children = children is { Count: > 0 } ? children : null };
        });
        depth = deepest;
        return options;
    }

    protected override JsonElement? Check(JsonElement value, NestedSettings settings, ValidationErrors errors, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, "Must be an array of option ids, root first.");
            return null;
        }
        if (value.GetArrayLength() == 0) return Json.Null;
        NestedOption? node = null;
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = Json.Item(path, i++);
            var next = Json.ReadString(item, out _) is { } id ? settings.Child(node, id) : null;
            if (item.ValueKind != JsonValueKind.String) errors.Add(itemPath, "Must be an option id (a string).");
            else if (next is null) errors.Add(itemPath, node is null ? "Not a first-level option." : $"Not an option under '{node.Label}'.");
            else if (next.Archived) errors.Add(itemPath, $"The option '{next.Label}' is archived.");
            if (next is null) return null;
            node = next;
        }
        if (settings.LeafRequired && node!.Children?.Any(c => !c.Archived) == true)
            errors.Add(path, $"Choose an option under '{node.Label}'.");
        return errors.Any ? null : value.Clone();
    }

    protected override bool Resolves(JsonElement value, NestedSettings settings)
    {
        if (value.ValueKind != JsonValueKind.Array) return false;
        NestedOption? node = null;
        foreach (var item in value.EnumerateArray())
            if ((node = Json.ReadString(item, out _) is { } id ? settings.Child(node, id) : null) is null) return false;
        return true;
    }

    protected override IndexedValue Index(JsonElement value, NestedSettings settings)
    {
        if (value.ValueKind != JsonValueKind.Array) return IndexedValue.None;
        var prefixes = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (Json.ReadString(item, out _) is not { } id) return IndexedValue.None;
            prefixes.Add(prefixes.Count == 0 ? id : $"{prefixes[^1]}/{id}");
        }
        return new(prefixes);
    }

    /// <summary>Labels joined by " / "; an unknown id shows as itself.</summary>
    protected override string Format(JsonElement value, NestedSettings settings)
    {
        if (value.ValueKind != JsonValueKind.Array) return "";
        var labels = new List<string>();
        NestedOption? node = null;
        foreach (var item in value.EnumerateArray())
        {
            var id = Json.ReadString(item, out _) ?? "";
            node = labels.Count > 0 && node is null ? null : settings.Child(node, id);
            labels.Add(node?.Label ?? id);
        }
        return string.Join(TextSeparator, labels);
    }

    protected override bool TryParseFast(string text, NestedSettings settings, out CellValue value)
    {
        value = default;
        var labels = text.Split(TextSeparator.Trim(), StringSplitOptions.TrimEntries);
        var ids = new string[labels.Length];
        var prefixes = new string[labels.Length];
        NestedOption? node = null;
        for (var i = 0; i < labels.Length; i++)
        {
            node = settings.ChildLabelled(node, labels[i]);
            if (node is null || node.Archived) return false;
            ids[i] = node.Id;
            prefixes[i] = i == 0 ? node.Id : $"{prefixes[i - 1]}/{node.Id}";
        }
        if (settings.LeafRequired && node!.Children?.Any(c => !c.Archived) == true) return false;
        value = new CellValue(CellKind.Path, null, 0, false, ids, new(prefixes));
        return true;
    }

    protected override JsonElement? Parse(string text, NestedSettings settings, ValidationErrors errors, string path)
    {
        var ids = new List<string>();
        NestedOption? node = null;
        foreach (var label in text.Split(TextSeparator.Trim(), StringSplitOptions.TrimEntries))
        {
            node = settings.ChildLabelled(node, label);
            if (node is null)
            {
                errors.Add(path, $"No option is labelled '{label}' at level {ids.Count + 1}.");
                return null;
            }
            ids.Add(node.Id);
        }
        return Json.From(ids);
    }
}
