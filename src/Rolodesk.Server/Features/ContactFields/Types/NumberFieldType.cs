using System.Text.Json;
using System.Text.Json.Serialization;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>Settings of a number field. No step means any value with at most <see cref="DecimalPlaces"/> decimals.</summary>
public sealed record NumberSettings
{
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public decimal? Step { get; init; }
    public int DecimalPlaces { get; init; }

    /// <summary>What the counter's − and + buttons add.</summary>
    [JsonIgnore]
    public decimal EffectiveStep => Step ?? new decimal(1, 0, 0, false, (byte)DecimalPlaces);
}

/// <summary>
/// A JSON number, checked in decimal arithmetic on its exact text (never double): within
/// [min, max], a multiple of step counted from min (or 0), at most decimalPlaces decimals.
/// Stored without trailing zeros (1.50 → 1.5).
/// </summary>
public sealed class NumberFieldType : FieldType<NumberSettings>
{
    public const int MaxDecimalPlaces = 10;

    public override string Key => "number";
    public override string DisplayName => "Number";
    public override IReadOnlyList<string> FilterOperators { get; } = [FilterOperator.Range, FilterOperator.Empty];

    protected override NumberSettings ReadSettings(SettingsReader reader)
    {
        var places = reader.Int("decimalPlaces", 0, MaxDecimalPlaces) ?? 0;
        // Bounds and step with more decimals than values may have would leave no valid value.
        var settings = new NumberSettings
        {
            DecimalPlaces = places,
            Min = reader.Decimal("min", places),
            Max = reader.Decimal("max", places),
            Step = reader.Decimal("step", places),
        };
        if (settings is { Min: { } min, Max: { } max } && min >= max) reader.Error("max", "Must be greater than min.");
        if (settings.Step <= 0) reader.Error("step", "Must be greater than 0.");
        return settings;
    }

    protected override JsonElement? Check(JsonElement value, NumberSettings settings, ValidationErrors errors, string path)
    {
        var number = Json.ReadDecimal(value, settings.DecimalPlaces, out var error);
        if (number is not { } n)
        {
            errors.Add(path, error!);
            return null;
        }
        if (n < settings.Min) errors.Add(path, $"Must be at least {Json.Format(settings.Min.Value)}.");
        if (n > settings.Max) errors.Add(path, $"Must be at most {Json.Format(settings.Max.Value)}.");
        if (settings.Step is { } step && (n - (settings.Min ?? 0m)) % step != 0)
            errors.Add(path, $"Must be {(settings.Min is { } m ? Json.Format(m) : "0")} plus a multiple of {Json.Format(step)}.");
        return errors.Any ? null : JsonSerializer.SerializeToElement(n);
    }

    protected override IndexedValue Index(JsonElement value, NumberSettings settings) =>
        Json.ReadDecimal(value, MaxDecimalPlaces, out _) is { } n ? new([], Number: n) : IndexedValue.None;

    protected override string Format(JsonElement value, NumberSettings settings) =>
        Json.ReadDecimal(value, MaxDecimalPlaces, out _) is { } n ? Json.Format(n) : "";

    protected override bool TryParseFast(string text, NumberSettings settings, out CellValue value)
    {
        value = default;
        if (!Plain(text) || Json.ParseDecimal(text, settings.DecimalPlaces, out _) is not { } n || !Fits(n, settings)) return false;
        value = new CellValue(CellKind.Number, null, n, false, null, new([], Number: n));
        return true;
    }

    private static bool Fits(decimal n, NumberSettings settings) =>
        !(n < settings.Min) && !(n > settings.Max) && (settings.Step is not { } step || (n - (settings.Min ?? 0m)) % step == 0);

    private static bool Plain(string text) => text.All(c => char.IsAsciiDigit(c) || c is '-' or '.');

    /// <summary>Plain invariant notation only ("-12.5"): no thousands separators, spaces or exponents from a spreadsheet.</summary>
    protected override JsonElement? Parse(string text, NumberSettings settings, ValidationErrors errors, string path)
    {
        if (Plain(text))
        {
            var n = Json.ParseDecimal(text, settings.DecimalPlaces, out var error);
            if (n is { } number) return JsonSerializer.SerializeToElement(number);
            if (error != "Must be a number.")
            {
                errors.Add(path, error!);
                return null;
            }
        }
        errors.Add(path, "Must be a number such as -12.5.");
        return null;
    }
}
