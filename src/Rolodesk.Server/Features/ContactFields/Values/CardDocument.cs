using System.Text.Json;
using Rolodesk.Server.Features.ContactFields.Types;

namespace Rolodesk.Server.Features.ContactFields.Values;

/// <summary>
/// The JSON document of a card's values: an object keyed by field key, compact, without nulls
/// (no value = no key). Its compact form is what the purge's pre-filter (<c>"key":</c>) relies on.
/// </summary>
public static class CardDocument
{
    public static Dictionary<string, JsonElement> Parse(string? document)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(document)) return values;
        // One parse and one copy for the whole document: deserialising into JsonElement values
        // would build a separate JsonDocument per value (50 per card read).
        using var parsed = JsonDocument.Parse(document);
        foreach (var property in parsed.RootElement.Clone().EnumerateObject()) values[property.Name] = property.Value;
        return values;
    }

    /// <summary>Null for an empty document, so cards without values store nothing.</summary>
    public static string? Serialize(Dictionary<string, JsonElement> values) =>
        values.Count == 0 ? null : JsonSerializer.Serialize(values, Json.Options);

    /// <summary>Sets a value; a JSON null removes the key.</summary>
    public static void Set(Dictionary<string, JsonElement> values, string key, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) values.Remove(key);
        else values[key] = value;
    }

    /// <summary>Whether two values are the same, an absent value being the same as a JSON null.</summary>
    public static bool SameValue(JsonElement? a, JsonElement b)
    {
        var aEmpty = a is not { } x || x.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
        var bEmpty = b.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
        return aEmpty || bEmpty ? aEmpty == bEmpty : JsonElement.DeepEquals(a!.Value, b);
    }

    /// <summary>The text every document holding <paramref name="key"/> contains (keys need no escaping: [a-z][a-z0-9_]*).</summary>
    public static string Marker(string key) => $"\"{key}\":";
}
