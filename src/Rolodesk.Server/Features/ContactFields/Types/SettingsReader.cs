using System.Text.Json;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>
/// Reads one JSON object of settings strictly: each property read once by name, wrong kinds and
/// unknown or repeated properties reported under their JSON path, nothing thrown. A JSON null
/// property is the same as an absent one.
/// </summary>
public sealed class SettingsReader
{
    private readonly Dictionary<string, JsonElement> _properties = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private SettingsReader(ValidationErrors errors, string path)
    {
        Errors = errors;
        Path = path;
    }

    public ValidationErrors Errors { get; }

    public string Path { get; }

    /// <summary>A reader of the object, of an empty object for null, or null (error added) for another kind.</summary>
    public static SettingsReader? Open(JsonElement? json, ValidationErrors errors, string path)
    {
        var reader = new SettingsReader(errors, path);
        if (json is not { } e || e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return reader;
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Must be an object.");
            return null;
        }
        foreach (var p in e.EnumerateObject())
            if (!reader._properties.TryAdd(p.Name, p.Value)) errors.Add(Json.Child(path, p.Name), "Appears more than once.");
        return reader;
    }

    public string PathOf(string name) => Json.Child(Path, name);

    public void Error(string name, string message) => Errors.Add(PathOf(name), message);

    /// <summary>The property, if present and not null; marks it as known.</summary>
    public JsonElement? Get(string name)
    {
        _read.Add(name);
        return _properties.TryGetValue(name, out var e) && e.ValueKind != JsonValueKind.Null ? e : null;
    }

    public bool? Bool(string name)
    {
        if (Get(name) is not { } e) return null;
        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False) return e.GetBoolean();
        Error(name, "Must be true or false.");
        return null;
    }

    public int? Int(string name, int min, int max)
    {
        if (Get(name) is not { } e) return null;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var i) && i >= min && i <= max) return i;
        Error(name, $"Must be a whole number from {min:N0} to {max:N0}.");
        return null;
    }

    public decimal? Decimal(string name, int maxDecimals)
    {
        if (Get(name) is not { } e) return null;
        var d = Json.ReadDecimal(e, maxDecimals, out var error);
        if (error is not null) Error(name, error);
        return d;
    }

    public string? String(string name)
    {
        if (Get(name) is not { } e) return null;
        var s = Json.ReadString(e, out var error);
        if (error is not null) Error(name, error);
        return s;
    }

    public DateOnly? Date(string name)
    {
        if (String(name) is not { } s) return null;
        var d = Json.ParseDate(s);
        if (d is null) Error(name, "Must be a date as YYYY-MM-DD.");
        return d;
    }

    /// <summary>An array of objects, each read by <paramref name="item"/> with its own reader (path "name[i]").</summary>
    public List<T>? Objects<T>(string name, Func<SettingsReader, T> item)
    {
        if (Get(name) is not { } e) return null;
        if (e.ValueKind != JsonValueKind.Array)
        {
            Error(name, "Must be an array.");
            return null;
        }
        var list = new List<T>();
        var i = 0;
        foreach (var element in e.EnumerateArray())
        {
            var itemPath = Json.Item(PathOf(name), i++);
            if (element.ValueKind != JsonValueKind.Object)
            {
                Errors.Add(itemPath, "Must be an object.");
                continue;
            }
            var reader = Open(element, Errors, itemPath)!;
            list.Add(item(reader));
            reader.RefuseUnknown();
        }
        return list;
    }

    /// <summary>Reports every property no one asked for.</summary>
    public void RefuseUnknown()
    {
        foreach (var name in _properties.Keys)
            if (!_read.Contains(name)) Error(name, "Unknown setting.");
    }
}
