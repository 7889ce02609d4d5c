using System.Text.Json;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>A checkbox has no settings; the record exists so "{}" reads and round-trips like any other.</summary>
public sealed record CheckboxSettings;

/// <summary>true or false; text form "true"/"false" (case-insensitive when parsed).</summary>
public sealed class CheckboxFieldType : FieldType<CheckboxSettings>
{
    private static readonly CheckboxSettings None = new();

    public override string Key => "checkbox";
    public override string DisplayName => "Checkbox";
    public override IReadOnlyList<string> FilterOperators { get; } = [FilterOperator.Eq, FilterOperator.In, FilterOperator.Empty];

    protected override CheckboxSettings ReadSettings(SettingsReader reader) => None;

    protected override JsonElement? Check(JsonElement value, CheckboxSettings settings, ValidationErrors errors, string path)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.Clone();
        errors.Add(path, "Must be true or false.");
        return null;
    }

    protected override IndexedValue Index(JsonElement value, CheckboxSettings settings) => value.ValueKind switch
    {
        JsonValueKind.True => new(["true"]),
        JsonValueKind.False => new(["false"]),
        _ => IndexedValue.None,
    };

    protected override string Format(JsonElement value, CheckboxSettings settings) => value.ValueKind switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "",
    };

    private static readonly IndexedValue True = new(["true"]), False = new(["false"]);

    protected override bool TryParseFast(string text, CheckboxSettings settings, out CellValue value)
    {
        value = bool.TryParse(text, out var b) ? new CellValue(CellKind.Boolean, null, 0, b, null, b ? True : False) : default;
        return value.Index is not null;
    }

    protected override JsonElement? Parse(string text, CheckboxSettings settings, ValidationErrors errors, string path)
    {
        if (bool.TryParse(text, out var b)) return Json.From(b);
        errors.Add(path, "Must be true or false.");
        return null;
    }
}
