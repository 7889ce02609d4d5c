using System.Text.Json;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>
/// One type of custom field (text, number, nested, …): everything that differs between types
/// lives behind this interface, so nothing outside the registry switches on a type name and
/// adding a type touches one folder. Settings and values travel as JSON; stored values refer to
/// stable keys (option ids), never labels. Implementations derive from <see cref="FieldType{TSettings}"/>.
/// </summary>
public interface IFieldType
{
    /// <summary>The type's key on the API: "text", "textarea", "dropdown", "checkbox", "date", "number", "nested".</summary>
    string Key { get; }

    /// <summary>Human name for the UI ("Text field", "Drop-down list", …).</summary>
    string DisplayName { get; }

    /// <summary>
    /// Validates a field definition's settings (null or JSON null = the type's defaults) and returns them
    /// normalised (defaults filled in, canonical order), or adds errors under <paramref name="path"/>
    /// (e.g. "settings.options[2].id") and returns null. Unknown properties are refused.
    /// </summary>
    JsonElement? ValidateSettings(JsonElement? settings, ValidationErrors errors, string path);

    /// <summary>
    /// Reads settings already returned by <see cref="ValidateSettings"/> into the type's settings record.
    /// Callers validating many values (imports, lists) parse once per field and use the overloads taking it.
    /// </summary>
    object ParseSettings(JsonElement settings);

    /// <summary>
    /// Validates a value for a field with the given (already validated) settings. Returns the
    /// normalised value to store, or adds errors under <paramref name="path"/> (e.g.
    /// "customFields.priority") and returns null. A JSON null is "no value" and is valid here
    /// (returned as a JSON null; blank text and an empty nested path are "no value" too);
    /// mandatory checks happen elsewhere. A value equal to <paramref name="unchangedFrom"/> (the
    /// stored value, untouched by this write) is accepted even if the settings have since tightened
    /// (archived option, lower max length, narrower bounds), so a settings change never makes a card unsaveable.
    /// </summary>
    JsonElement? ValidateValue(JsonElement value, JsonElement settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null);

    /// <inheritdoc cref="ValidateValue(JsonElement, JsonElement, ValidationErrors, string, JsonElement?)"/>
    /// <param name="settings">The result of <see cref="ParseSettings"/>.</param>
    JsonElement? ValidateValue(JsonElement value, object settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null);

    /// <summary>Whether the type has a default value (every built-in type does); the definition API validates it with ValidateValue under "defaultValue".</summary>
    bool SupportsDefault { get; }

    /// <summary>The typed projection of a stored value used by the filter index; never throws (an unexpected value gives <see cref="IndexedValue.None"/>).</summary>
    IndexedValue ToIndexed(JsonElement value, JsonElement settings);

    /// <summary>Filter operators this type supports on lists (see <see cref="FilterOperator"/>).</summary>
    IReadOnlyList<string> FilterOperators { get; }

    /// <summary>
    /// A stored value as text for people and CSV export (a drop-down's label, "Europe / France" for
    /// a nested path, "true"/"false", "2025-01-31", "12.5"); "" for no value. Never throws.
    /// </summary>
    string FormatText(JsonElement value, JsonElement settings);

    /// <summary>
    /// The inverse of <see cref="FormatText"/> for CSV import: parses the text (labels, not ids) and
    /// validates the result like <see cref="ValidateValue(JsonElement, JsonElement, ValidationErrors, string, JsonElement?)"/>.
    /// Blank text is "no value" (a JSON null).
    /// </summary>
    JsonElement? ParseText(string text, JsonElement settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null);

    /// <summary>
    /// Whether a stored value still means something under new settings of this same type: every
    /// option it refers to still exists (archived or not). Values that new settings merely tighten
    /// (length, bounds, an archived option) are kept: they stay valid as long as they are unchanged.
    /// A settings change is refused while a stored value would lose its meaning.
    /// </summary>
    bool Keeps(JsonElement value, JsonElement settings);

    /// <summary>
    /// Whether a stored value of another type (or of this type under old settings) converts to
    /// this type without loss, and the converted value; used to allow or refuse a type change.
    /// Lossless means: the value's text parses under the new type and settings, and converting
    /// back gives the same stored value (so "01" → number 1 is refused, 1.5 → "1.5" is allowed).
    /// </summary>
    bool TryConvertFrom(IFieldType from, JsonElement value, JsonElement fromSettings, JsonElement toSettings, out JsonElement converted);

    /// <summary>
    /// Fast path of <see cref="ParseText(string, object, ValidationErrors, string, JsonElement?)"/> for bulk
    /// imports: true with the stored value and its index projection when the text is certainly valid
    /// (same value as ParseText would store); false when unsure or invalid, and the caller takes ParseText.
    /// <paramref name="settings"/> is the result of <see cref="ParseSettings"/>. The default never claims a value.
    /// </summary>
    bool TryParseCell(string text, object settings, out CellValue value)
    {
        value = default;
        return false;
    }

    // Overloads taking the result of ParseSettings, for callers handling many values of one field
    // (CSV import and export): reading settings JSON per value would dominate their cost. The
    // defaults serve types whose ParseSettings returns the JSON itself.

    /// <inheritdoc cref="ToIndexed(JsonElement, JsonElement)"/>
    IndexedValue ToIndexed(JsonElement value, object settings) => ToIndexed(value, (JsonElement)settings);

    /// <inheritdoc cref="FormatText(JsonElement, JsonElement)"/>
    string FormatText(JsonElement value, object settings) => FormatText(value, (JsonElement)settings);

    /// <inheritdoc cref="ParseText(string, JsonElement, ValidationErrors, string, JsonElement?)"/>
    JsonElement? ParseText(string text, object settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null) =>
        ParseText(text, (JsonElement)settings, errors, path, unchangedFrom);
}

/// <summary>
/// A value as the filter index stores it: at most one of the typed parts is set per row; a
/// nested value produces one text row per level (its id path prefixes, joined by "/").
/// <see cref="Present"/>: one row with no value at all, for a type whose only filter is "is empty".
/// </summary>
public sealed record IndexedValue(IReadOnlyList<string> Texts, decimal? Number = null, DateOnly? Date = null)
{
    public static readonly IndexedValue None = new([]);

    /// <summary>"Has a value", nothing to compare: one index row whose text, number and date are all null.</summary>
    public static readonly IndexedValue Present = new([]) { PresenceOnly = true };

    public bool PresenceOnly { get; private init; }
}

/// <summary>The filter operator names used by <see cref="IFieldType.FilterOperators"/> and the list API.</summary>
public static class FilterOperator
{
    public const string Eq = "eq";
    public const string In = "in";
    public const string Range = "range";
    public const string Prefix = "prefix";
    public const string Empty = "empty";
}
