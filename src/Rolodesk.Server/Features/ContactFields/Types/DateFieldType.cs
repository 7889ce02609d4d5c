using System.Text.Json;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>Settings of a date field: optional bounds, inclusive.</summary>
public sealed record DateSettings
{
    public DateOnly? Min { get; init; }
    public DateOnly? Max { get; init; }
}

/// <summary>A calendar date written "YYYY-MM-DD" (no time, no zone: a birthday is the same day everywhere).</summary>
public sealed class DateFieldType : FieldType<DateSettings>
{
    public override string Key => "date";
    public override string DisplayName => "Date";
    public override IReadOnlyList<string> FilterOperators { get; } = [FilterOperator.Range, FilterOperator.Empty];

    protected override DateSettings ReadSettings(SettingsReader reader)
    {
        var settings = new DateSettings { Min = reader.Date("min"), Max = reader.Date("max") };
        if (settings is { Min: { } min, Max: { } max } && min > max) reader.Error("max", "Must not be before min.");
        return settings;
    }

    protected override JsonElement? Check(JsonElement value, DateSettings settings, ValidationErrors errors, string path)
    {
        if (Read(value) is not { } date)
        {
            errors.Add(path, "Must be a date as YYYY-MM-DD.");
            return null;
        }
        if (date < settings.Min) errors.Add(path, $"Must be on or after {Json.Format(settings.Min.Value)}.");
        if (date > settings.Max) errors.Add(path, $"Must be on or before {Json.Format(settings.Max.Value)}.");
        return errors.Any ? null : value.Clone();
    }

    private static DateOnly? Read(JsonElement value) =>
        Json.ReadString(value, out _) is { } s ? Json.ParseDate(s) : null;

    protected override IndexedValue Index(JsonElement value, DateSettings settings) =>
        Read(value) is { } d ? new([], Date: d) : IndexedValue.None;

    protected override string Format(JsonElement value, DateSettings settings) =>
        Read(value) is { } d ? Json.Format(d) : "";

    protected override bool TryParseFast(string text, DateSettings settings, out CellValue value)
    {
        value = Json.ParseDate(text) is { } d && !(d < settings.Min) && !(d > settings.Max) ? CellValue.String(text, new([], Date: d)) : default;
        return value.Text is not null;
    }

    protected override JsonElement? Parse(string text, DateSettings settings, ValidationErrors errors, string path) => Json.From(text);
}
