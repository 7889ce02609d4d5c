using System.Text.Json;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Tests.ContactFields.Types;

/// <summary>Short helpers so a test reads as JSON in, errors or normalised JSON out.</summary>
internal static class FieldTypeTesting
{
    public static JsonElement J(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static IFieldType Type(string key) => FieldTypeRegistry.Default.Get(key);

    /// <summary>Settings that must be valid, normalised.</summary>
    public static JsonElement Settings(string key, string? json = null)
    {
        var errors = new ValidationErrors();
        var result = Type(key).ValidateSettings(json is null ? null : J(json), errors, "settings");
        Assert.False(errors.Any, string.Join("; ", errors.All.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return result!.Value;
    }

    /// <summary>The errors of settings that must be invalid, by path.</summary>
    public static IReadOnlyDictionary<string, List<string>> SettingsErrors(string key, string json)
    {
        var errors = new ValidationErrors();
        var result = Type(key).ValidateSettings(J(json), errors, "settings");
        Assert.Null(result);
        Assert.True(errors.Any);
        return errors.All;
    }

    /// <summary>The value stored for a valid value, as compact JSON.</summary>
    public static string Accepts(string key, string? settings, string value, string? unchangedFrom = null)
    {
        var errors = new ValidationErrors();
        var result = Type(key).ValidateValue(J(value), Settings(key, settings), errors, "customFields.f",
            unchangedFrom is null ? null : J(unchangedFrom));
        Assert.False(errors.Any, string.Join("; ", errors.All.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return result!.Value.GetRawText();
    }

    /// <summary>The error paths of a refused value (the field's path is "customFields.f").</summary>
    public static IReadOnlyDictionary<string, List<string>> Refuses(string key, string? settings, string value, string? unchangedFrom = null)
    {
        var errors = new ValidationErrors();
        var result = Type(key).ValidateValue(J(value), Settings(key, settings), errors, "customFields.f",
            unchangedFrom is null ? null : J(unchangedFrom));
        Assert.Null(result);
        Assert.True(errors.Any);
        return errors.All;
    }

    public static string Canonical(JsonElement e) => JsonSerializer.Serialize(e);
}
