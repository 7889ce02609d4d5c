using System.Text.Json;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>
/// One type of custom field (text, number, nested, …): everything that differs between types
/// lives behind this interface, so nothing outside the registry switches on a type name and
/// adding a type touches one folder. Settings and values travel as JSON; stored values refer to
/// stable keys (option ids), never labels.
/// </summary>
public interface IFieldType
{
    /// <summary>The type's key on the API: "text", "textarea", "dropdown", "checkbox", "date", "number", "nested".</summary>
    string Key { get; }

    /// <summary>Human name for the UI ("Text field", "Drop-down list", …).</summary>
    string DisplayName { get; }

    /// <summary>
    /// Validates a field definition's settings (null = the type's defaults) and returns them
    /// normalised (defaults filled in, canonical order), or adds errors under <paramref name="path"/>
    /// (e.g. "settings.options[2].id") and returns null.
    /// </summary>
    JsonElement? ValidateSettings(JsonElement? settings, ValidationErrors errors, string path);

    /// <summary>
    /// Validates a value for a field with the given (already validated) settings. Returns the
    /// normalised value to store, or adds errors under <paramref name="path"/> (e.g.
    /// "customFields.priority") and returns null. A JSON null is "no value" and is valid here;
    /// mandatory checks happen elsewhere. Archived options stay readable but are refused for new
    /// writes unless <paramref name="unchangedFrom"/> equals the value (an untouched stored value).
    /// </summary>
    JsonElement? ValidateValue(JsonElement value, JsonElement settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null);

    /// <summary>Whether the type has a default value (checkbox and drop-down do, for example).</summary>
    bool SupportsDefault { get; }

    /// <summary>The typed projection of a stored value used by the filter index (text, number or date columns).</summary>
    IndexedValue ToIndexed(JsonElement value, JsonElement settings);

    /// <summary>Filter operators this type supports on lists ("eq", "in", "range", "prefix", "empty").</summary>
    IReadOnlyList<string> FilterOperators { get; }

    /// <summary>
    /// Whether a stored value of another type converts to this type without loss, and the
    /// converted value; used to allow or refuse a type change.
    /// </summary>
    bool TryConvertFrom(IFieldType from, JsonElement value, JsonElement fromSettings, JsonElement toSettings, out JsonElement converted);
}

/// <summary>
/// A value as the filter index stores it: at most one of the typed parts is set per row; a
/// nested value produces one text row per level (its id path prefixes).
/// </summary>
public sealed record IndexedValue(IReadOnlyList<string> Texts, decimal? Number = null, DateOnly? Date = null)
{
    public static readonly IndexedValue None = new([]);
}
