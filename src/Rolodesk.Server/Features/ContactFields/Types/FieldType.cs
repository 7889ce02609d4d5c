using System.Text.Json;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>
/// What every field type shares: settings read strictly (unknown properties refused, errors
/// collected, never thrown), "no value" handling, the unchanged-value rule, and lossless
/// conversion by round-trip through text. A type writes only its own rules.
/// </summary>
public abstract class FieldType<TSettings> : IFieldType where TSettings : class
{
    public abstract string Key { get; }
    public abstract string DisplayName { get; }
    public virtual bool SupportsDefault => true;
    public abstract IReadOnlyList<string> FilterOperators { get; }

    /// <summary>Reads and checks the settings object; errors go to the reader, whose result is then discarded.</summary>
    protected abstract TSettings ReadSettings(SettingsReader reader);

    /// <summary>Checks a non-null value; returns the normalised value or adds errors and returns null.</summary>
    protected abstract JsonElement? Check(JsonElement value, TSettings settings, ValidationErrors errors, string path);

    protected abstract IndexedValue Index(JsonElement value, TSettings settings);

    protected abstract string Format(JsonElement value, TSettings settings);

    /// <summary>Text (never blank) to a candidate value, checked afterwards by <see cref="Check"/>.</summary>
    protected abstract JsonElement? Parse(string text, TSettings settings, ValidationErrors errors, string path);

    public JsonElement? ValidateSettings(JsonElement? settings, ValidationErrors errors, string path)
    {
        var local = new ValidationErrors();
        var reader = SettingsReader.Open(settings, local, path);
        if (reader is null) return Merge(local, errors);
        var read = ReadSettings(reader);
        reader.RefuseUnknown();
        return local.Any ? Merge(local, errors) : JsonSerializer.SerializeToElement(read, Json.Options);
    }

    public object ParseSettings(JsonElement settings) => Settings(settings);

    public JsonElement? ValidateValue(JsonElement value, JsonElement settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null) =>
        ValidateValue(value, Settings(settings), errors, path, unchangedFrom);

    public JsonElement? ValidateValue(JsonElement value, object settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return Json.Null;
        var local = new ValidationErrors();
        var typed = Typed(settings);
        var result = Check(value, typed, local, path);
        if (!local.Any) return result;
        if (unchangedFrom is { } stored && JsonElement.DeepEquals(stored, value)) return value.Clone();
        return Merge(local, errors);
    }

    public IndexedValue ToIndexed(JsonElement value, JsonElement settings) => ToIndexed(value, (object)Settings(settings));

    public IndexedValue ToIndexed(JsonElement value, object settings) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? IndexedValue.None : Index(value, Typed(settings));

    public string FormatText(JsonElement value, JsonElement settings) => FormatText(value, (object)Settings(settings));

    public string FormatText(JsonElement value, object settings) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? "" : Format(value, Typed(settings));

    public JsonElement? ParseText(string text, JsonElement settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null) =>
        ParseText(text, (object)Settings(settings), errors, path, unchangedFrom);

    public JsonElement? ParseText(string text, object settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return Json.Null;
        var parsed = Typed(settings);
        var local = new ValidationErrors();
        var candidate = Parse(text, parsed, local, path);
        return candidate is { } c ? ValidateValue(c, parsed, errors, path, unchangedFrom) : Merge(local, errors);
    }

    public bool TryParseCell(string text, object settings, out CellValue value)
    {
        value = default;
        // NUL and surrogates (rare in a CSV) are left to the slow path's Unicode checks.
        return !string.IsNullOrWhiteSpace(text) && !text.AsSpan().ContainsAny(Unusual) && TryParseFast(text, Typed(settings), out value);
    }

    private static readonly System.Buffers.SearchValues<char> Unusual =
        System.Buffers.SearchValues.Create([.. Enumerable.Range(0xD800, 0x800).Select(c => (char)c), '\0']);

    /// <summary>The type's fast path (see <see cref="IFieldType.TryParseCell"/>); text is not blank. Types without one keep this default.</summary>
    protected virtual bool TryParseFast(string text, TSettings settings, out CellValue value)
    {
        value = default;
        return false;
    }

    public bool TryConvertFrom(IFieldType from, JsonElement value, JsonElement fromSettings, JsonElement toSettings, out JsonElement converted)
    {
        converted = Json.Null;
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return true;
        var errors = new ValidationErrors();
        var result = from.Key == Key
            ? ValidateValue(value, toSettings, errors, "")
            : ParseText(from.FormatText(value, fromSettings), toSettings, errors, "");
        if (result is not { } r || r.ValueKind == JsonValueKind.Null) return false;
        // Lossless only if the way back gives the very value we started from.
        var back = from.Key == Key ? r : from.ParseText(FormatText(r, toSettings), fromSettings, errors, "", value);
        if (back is not { } b || !JsonElement.DeepEquals(b, value)) return false;
        converted = r;
        return true;
    }

    public bool Keeps(JsonElement value, JsonElement settings) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined || Resolves(value, Settings(settings));

    /// <summary>Types whose values point at options say here whether those options still exist; the others keep every value.</summary>
    protected virtual bool Resolves(JsonElement value, TSettings settings) => true;

    // A JsonElement (or JsonElement?) boxed here is still settings JSON: read it rather than fail the cast.
    private TSettings Typed(object settings) => settings as TSettings ?? Settings((JsonElement)settings);

    /// <summary>Settings validated earlier; invalid ones here are a bug, hence the exception.</summary>
    protected TSettings Settings(JsonElement settings)
    {
        var errors = new ValidationErrors();
        var reader = SettingsReader.Open(settings, errors, "settings")
            ?? throw new InvalidOperationException($"Settings of a {Key} field are not an object.");
        var read = ReadSettings(reader);
        reader.RefuseUnknown();
        return errors.Any
            ? throw new InvalidOperationException($"Settings of a {Key} field were not validated: {string.Join("; ", errors.All.Keys)}")
            : read;
    }

    private static JsonElement? Merge(ValidationErrors from, ValidationErrors into)
    {
        foreach (var (key, messages) in from.All)
            foreach (var message in messages) into.Add(key, message);
        return null;
    }
}
