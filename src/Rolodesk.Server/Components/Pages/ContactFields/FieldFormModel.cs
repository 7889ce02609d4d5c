using System.Globalization;
using System.Text;
using System.Text.Json;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;

namespace Rolodesk.Server.Components.Pages.ContactFields;

/// <summary>An option of a drop-down, or a node of a nested tree; mutable because Mud inputs bind to it.</summary>
public sealed class OptionModel
{
    public string Id { get; set; } = "";
    public string Label { get; set; } = "";
    public bool Archived { get; set; }
    /// <summary>Saved before: values may refer to its id, so the id is fixed and removing it archives it.</summary>
    public bool Saved { get; init; }
    /// <summary>The id was typed by hand, so it no longer follows the label.</summary>
    public bool IdTouched { get; set; }
    public List<OptionModel> Children { get; set; } = [];
}

/// <summary>
/// The editable state of the "Add field" / "Edit field" dialog. Every type's settings live side by
/// side so that switching the type back and forth keeps what was typed; only the chosen type's
/// settings are sent, as the JSON the type validates (the writer then decides, as for the API).
/// </summary>
public sealed class FieldFormModel
{
    public const string None = "none";

    public int? Id { get; init; }
    public string? Name { get; set; }
    public string? Key { get; set; }
    public bool KeyTouched { get; set; }
    public int GroupId { get; set; }
    public string Type { get; set; } = "text";
    public int? MaxLength { get; set; }
    public List<OptionModel> Options { get; set; } = [];
    public List<OptionModel> Tree { get; set; } = [];
    public bool LeafRequired { get; set; }
    public DateTime? DateMin { get; set; }
    public DateTime? DateMax { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    public decimal? Step { get; set; }
    public int DecimalPlaces { get; set; }
    /// <summary>User group id → "none", "display", "edit" or "mandatory".</summary>
    public Dictionary<int, string> Access { get; } = [];
    public DefaultValueModel Default { get; private init; } = new();

    private string? _originalType;
    private JsonElement _originalSettings;

    public bool IsNew => Id is null;

    public static FieldFormModel From(FieldResponse f, IFieldType? type)
    {
        var m = new FieldFormModel { Id = f.Id, Name = f.Name, Key = f.Key, GroupId = f.FieldGroupId, Type = f.Type, Default = DefaultValueModel.From(f.DefaultValue, f.Type) };
        (m._originalType, m._originalSettings) = (f.Type, f.Settings);
        foreach (var a in f.Access) m.Access[a.UserGroupId] = a.Level;
        switch (type?.ParseSettings(f.Settings))
        {
            case StringSettings s: m.MaxLength = s.MaxLength; break;
            case DropdownSettings d: m.Options = [.. d.Options.Select(o => new OptionModel { Id = o.Id, Label = o.Label, Archived = o.Archived, Saved = true })]; break;
            case DateSettings d: (m.DateMin, m.DateMax) = (ToDateTime(d.Min), ToDateTime(d.Max)); break;
            case NumberSettings n: (m.Min, m.Max, m.Step, m.DecimalPlaces) = (n.Min, n.Max, n.Step, n.DecimalPlaces); break;
            case NestedSettings n: (m.Tree, m.LeafRequired) = (Nodes(n.Options), n.LeafRequired); break;
        }
        return m;
    }

    public string LevelOf(int userGroupId) => Access.GetValueOrDefault(userGroupId, None);

    /// <summary>The access list as sent: groups with a level, in the order given (indexes name the errors "access[i]").</summary>
    public List<FieldAccessEntry> AccessEntries(IEnumerable<int> groupOrder) =>
        [.. groupOrder.Where(g => LevelOf(g) != None).Select(g => new FieldAccessEntry(g, LevelOf(g)))];

    /// <summary>The request; the default value only when it was set or cleared here (see <see cref="DefaultValueModel"/>).</summary>
    public FieldRequest ToRequest(IEnumerable<int> groupOrder) =>
        new(IsNew ? Blank(Key) : null, Name, GroupId, Type, Settings(), Default.ToRequest(Type), AccessEntries(groupOrder));

    public JsonElement Settings() => Type switch
    {
        "text" or "textarea" => MaxLength is { } max ? Json.From(new { maxLength = max }) : Json.Null,
        "dropdown" => Json.From(new { options = Options.Select((o, i) => new { id = o.Id, label = o.Label, position = i, archived = o.Archived }) }),
        "checkbox" => Json.From(new { }),
        "date" => Json.From(new { min = Iso(DateMin), max = Iso(DateMax) }),
        "number" => Json.From(new { min = Min, max = Max, step = Step, decimalPlaces = DecimalPlaces }),
        "nested" => Json.From(new { options = Tree.Select(Node).ToList(), leafRequired = LeafRequired }),
        // A type without an editor here keeps its settings as they were (or gets its defaults).
        _ => Type == _originalType ? _originalSettings : Json.Null,
    };

    /// <summary>An option id proposed from a label: lowercase ASCII words joined by '-', unique among <paramref name="taken"/>.</summary>
    public static string OptionId(string? label, IReadOnlySet<string> taken)
    {
        var sb = new StringBuilder();
        foreach (var c in (label ?? "").Normalize(NormalizationForm.FormD))
        {
            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterLower(lower) || char.IsAsciiDigit(lower)) sb.Append(lower);
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        slug = slug.Length == 0 ? "option" : slug[..Math.Min(slug.Length, 58)].TrimEnd('-');
        if (!taken.Contains(slug)) return slug;
        for (var n = 2; ; n++)
            if (!taken.Contains($"{slug}-{n}")) return $"{slug}-{n}";
    }

    /// <summary>Every id in a tree (nested ids are unique across the whole tree).</summary>
    public static IEnumerable<string> Ids(IEnumerable<OptionModel> nodes) =>
        nodes.SelectMany(n => Ids(n.Children).Prepend(n.Id));

    private static object Node(OptionModel n) => new
    {
        id = n.Id,
        label = n.Label,
        archived = n.Archived,
        children = n.Children.Count > 0 ? n.Children.Select(Node).ToList() : null,
    };

    private static List<OptionModel> Nodes(IEnumerable<NestedOption>? options) =>
        [.. (options ?? []).Select(o => new OptionModel { Id = o.Id, Label = o.Label, Archived = o.Archived, Saved = true, Children = Nodes(o.Children) })];

    private static DateTime? ToDateTime(DateOnly? d) => d?.ToDateTime(TimeOnly.MinValue);
    private static string? Iso(DateTime? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
