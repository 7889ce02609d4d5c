using System.Text.Json;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Tests.Http;

/// <summary>
/// Two tiny field types, so the definition API is tested without depending on the real types:
/// "test-text" (settings { maxLength }, has a default) and "test-note" (no settings, no default).
/// </summary>
public static class TestFieldTypes
{
    public static readonly FieldTypeRegistry Registry = new([new TestText(), new TestNote()]);

    private sealed class TestText : TestType
    {
        public override string Key => "test-text";
        public override bool SupportsDefault => true;

        public override JsonElement? ValidateSettings(JsonElement? settings, ValidationErrors errors, string path)
        {
            var max = 100;
            if (settings is { ValueKind: not JsonValueKind.Null } s)
            {
                if (s.ValueKind != JsonValueKind.Object) { errors.Add(path, "Must be an object."); return null; }
                var valid = true;
                foreach (var p in s.EnumerateObject())
                {
                    if (p.Name != "maxLength") valid = Refuse(errors, $"{path}.{p.Name}", "Unknown setting.");
                    else if (!p.Value.TryGetInt32(out max) || max is < 1 or > 1000) valid = Refuse(errors, $"{path}.maxLength", "Between 1 and 1000.");
                }
                if (!valid) return null;
            }
            return JsonSerializer.SerializeToElement(new { maxLength = max });
        }

        public override JsonElement? ValidateValue(JsonElement value, JsonElement settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null)
        {
            if (value.ValueKind == JsonValueKind.Null) return value;
            if (value.ValueKind != JsonValueKind.String) { errors.Add(path, "Must be a string."); return null; }
            if (value.GetString()!.Length > settings.GetProperty("maxLength").GetInt32()) { errors.Add(path, "Too long."); return null; }
            return value;
        }
    }

    private sealed class TestNote : TestType
    {
        public override string Key => "test-note";
        public override bool SupportsDefault => false;

        public override JsonElement? ValidateSettings(JsonElement? settings, ValidationErrors errors, string path)
        {
            if (settings is { ValueKind: JsonValueKind.Object } s && !s.EnumerateObject().Any() || settings is null or { ValueKind: JsonValueKind.Null })
                return JsonSerializer.SerializeToElement(new { });
            errors.Add(path, "This type has no settings.");
            return null;
        }

        public override JsonElement? ValidateValue(JsonElement value, JsonElement settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null) =>
            value.ValueKind is JsonValueKind.String or JsonValueKind.Null ? value : null;
    }

    private abstract class TestType : IFieldType
    {
        public abstract string Key { get; }
        public string DisplayName => "Test " + Key;
        public abstract bool SupportsDefault { get; }
        public IReadOnlyList<string> FilterOperators => ["eq", "empty"];

        public abstract JsonElement? ValidateSettings(JsonElement? settings, ValidationErrors errors, string path);

        public abstract JsonElement? ValidateValue(JsonElement value, JsonElement settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null);

        // The definitions API only needs the JSON-settings members; these keep the contract whole.
        public object ParseSettings(JsonElement settings) => settings;

        public JsonElement? ValidateValue(JsonElement value, object settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null) =>
            ValidateValue(value, (JsonElement)settings, errors, path, unchangedFrom);

        public string FormatText(JsonElement value, JsonElement settings) => value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

        public JsonElement? ParseText(string text, JsonElement settings, ValidationErrors errors, string path, JsonElement? unchangedFrom = null) =>
            ValidateValue(JsonSerializer.SerializeToElement(text), settings, errors, path, unchangedFrom);

        protected static bool Refuse(ValidationErrors errors, string path, string message)
        {
            errors.Add(path, message);
            return false;
        }

        public IndexedValue ToIndexed(JsonElement value, JsonElement settings) => new([value.GetString()!]);

        public bool Keeps(JsonElement value, JsonElement settings) => true;

        public bool TryConvertFrom(IFieldType from, JsonElement value, JsonElement fromSettings, JsonElement toSettings, out JsonElement converted)
        {
            converted = value;
            return value.ValueKind == JsonValueKind.String;
        }
    }
}
