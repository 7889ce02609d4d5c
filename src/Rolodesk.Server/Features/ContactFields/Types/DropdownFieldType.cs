using System.Text.Json;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>One choice of a drop-down. The id is what values store; the label may be renamed freely.</summary>
public sealed record DropdownOption
{
    public string Id { get; init; } = "";
    public string Label { get; init; } = "";
    public int Position { get; init; }
    public bool Archived { get; init; }
}

/// <summary>Settings of a drop-down: its options, in position order (positions renumbered 0, 1, 2, …).</summary>
public sealed record DropdownSettings
{
    public IReadOnlyList<DropdownOption> Options { get; init; } = [];

    public DropdownOption? Find(string id)
    {
        foreach (var o in Options) if (o.Id == id) return o;
        return null;
    }
}

/// <summary>A drop-down: the value is the id of a live option (an archived one stays readable).</summary>
public sealed class DropdownFieldType : FieldType<DropdownSettings>
{
    public const int MaxLabelLength = 200;

    public override string Key => "dropdown";
    public override string DisplayName => "Drop-down list";
    public override IReadOnlyList<string> FilterOperators { get; } = [FilterOperator.Eq, FilterOperator.In, FilterOperator.Empty];

    protected override DropdownSettings ReadSettings(SettingsReader reader)
    {
        var index = 0;
        var options = reader.Objects("options", r =>
        {
            var at = index++; // an option without a position keeps its place in the array
            return new DropdownOption
            {
                Id = r.String("id") ?? "",
                Label = r.String("label")?.Trim() ?? "",
                Position = r.Int("position", 0, int.MaxValue) ?? at,
                Archived = r.Bool("archived") ?? false,
            };
        }) ?? [];
        if (options.Count == 0) reader.Error("options", "Add at least one option.");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Count; i++)
        {
            var o = options[i];
            var path = Json.Item(reader.PathOf("options"), i);
            CheckOption(o.Id, o.Label, path, reader.Errors);
            if (o.Id.Length > 0 && !ids.Add(o.Id)) reader.Errors.Add(Json.Child(path, "id"), $"Another option already has the id '{o.Id}'.");
            if (!o.Archived && o.Label.Length > 0 && !labels.Add(o.Label)) reader.Errors.Add(Json.Child(path, "label"), $"Another option is already labelled '{o.Label}'.");
        }
        var ordered = options.Select((o, i) => (o, i)).OrderBy(x => x.o.Position).ThenBy(x => x.i)
            .Select((x, position) => x.o with { Position = position }).ToList();
        return new DropdownSettings { Options = ordered };
    }

    /// <summary>Rules shared with nested options: a stable id, a non-empty label.</summary>
    internal static void CheckOption(string id, string label, string path, ValidationErrors errors)
    {
        if (!Json.OptionId().IsMatch(id)) errors.Add(Json.Child(path, "id"), "Use 1 to 64 characters among a-z, 0-9, '_' and '-'.");
        if (label.Length == 0) errors.Add(Json.Child(path, "label"), "Must not be empty.");
        else if (label.Length > MaxLabelLength) errors.Add(Json.Child(path, "label"), $"Use at most {MaxLabelLength} characters.");
    }

    protected override JsonElement? Check(JsonElement value, DropdownSettings settings, ValidationErrors errors, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, "Must be an option id (a string).");
            return null;
        }
        var option = Json.ReadString(value, out _) is { } id ? settings.Find(id) : null;
        if (option is null) errors.Add(path, "Not an option of this field.");
        else if (option.Archived) errors.Add(path, $"The option '{option.Label}' is archived.");
        return errors.Any ? null : value.Clone();
    }

    protected override bool Resolves(JsonElement value, DropdownSettings settings) =>
        Json.ReadString(value, out _) is { } id && settings.Find(id) is not null;

    protected override IndexedValue Index(JsonElement value, DropdownSettings settings) =>
        Json.ReadString(value, out _) is { } id ? new([id]) : IndexedValue.None;

    /// <summary>The label (what people saw); an unknown id shows as itself.</summary>
    protected override string Format(JsonElement value, DropdownSettings settings) =>
        Json.ReadString(value, out _) is { } id ? settings.Find(id)?.Label ?? id : "";

    /// <summary>The first live option so labelled, as <see cref="Parse"/> picks it; an archived match is left to the slow path's error.</summary>
    protected override bool TryParseFast(string text, DropdownSettings settings, out CellValue value)
    {
        var label = text.AsSpan().Trim();
        foreach (var o in settings.Options)
            if (!o.Archived && label.Equals(o.Label, StringComparison.OrdinalIgnoreCase))
            {
                value = CellValue.String(o.Id, new([o.Id]));
                return true;
            }
        value = default;
        return false;
    }

    /// <summary>By label, ignoring case (labels are unique that way among live options); live options first.</summary>
    protected override JsonElement? Parse(string text, DropdownSettings settings, ValidationErrors errors, string path)
    {
        var label = text.Trim();
        var option = settings.Options.Where(o => string.Equals(o.Label, label, StringComparison.OrdinalIgnoreCase))
            .OrderBy(o => o.Archived).FirstOrDefault();
        if (option is not null) return Json.From(option.Id);
        errors.Add(path, $"No option is labelled '{label}'.");
        return null;
    }
}
