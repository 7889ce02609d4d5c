using System.Text.Json;
using Rolodesk.Server.Features.ContactFields;

namespace Rolodesk.Server.Components.Pages.ContactFields;

/// <summary>An audit row made readable: what it is about, and what changed, property by property.</summary>
public static class AuditDiff
{
    private const int ShortMax = 80;

    // Every change touches these; listing them would hide what actually changed.
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal) { "updatedAt", "createdAt" };

    public static string Subject(ContactFieldAuditResponse a)
    {
        var kind = a.Entity == FieldAudit.FieldGroup ? "Field group" : "Field";
        var state = a.After ?? a.Before;
        var name = Property(state, "name") is { ValueKind: JsonValueKind.String } n ? $" '{n.GetString()}'" : "";
        if (a.EntityId is null) return a.Entity == FieldAudit.FieldGroup ? "Field groups (order)" : "Fields (order)";
        return $"{kind}{name} #{a.EntityId}";
    }

    /// <summary>"name: 'Old' → 'New'" lines; a creation or purge lists the main properties once.</summary>
    public static IReadOnlyList<string> Changes(ContactFieldAuditResponse a)
    {
        if (a.Before is not { ValueKind: JsonValueKind.Object } before || a.After is not { ValueKind: JsonValueKind.Object } after)
        {
            var only = a.After ?? a.Before;
            if (only is not { ValueKind: JsonValueKind.Object } o) return [$"{Short(a.Before)} → {Short(a.After)}"];
            return [.. o.EnumerateObject().Where(p => p.Name is "key" or "type" or "target" or "fieldGroupId" or "userGroupIds" or "access" or "settings")
                .Select(p => $"{p.Name}: {Short(p.Value)}")];
        }
        var names = before.EnumerateObject().Select(p => p.Name).Union(after.EnumerateObject().Select(p => p.Name)).Where(n => !Noise.Contains(n));
        return [.. names.Select(n => (n, b: Property(before, n), a: Property(after, n)))
            .Where(x => !(x.b is { } b && x.a is { } v && JsonElement.DeepEquals(b, v)))
            .Select(x => $"{x.n}: {Short(x.b)} → {Short(x.a)}")];
    }

    public static string Pretty(JsonElement? e) =>
        e is { } v ? JsonSerializer.Serialize(v, new JsonSerializerOptions { WriteIndented = true }) : "—";

    private static JsonElement? Property(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) ? v : null;

    private static string Short(JsonElement? e)
    {
        var text = e switch
        {
            null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => "—",
            { ValueKind: JsonValueKind.String } s => $"'{s.GetString()}'",
            { } v => v.GetRawText(),
        };
        return text.Length <= ShortMax ? text : text[..(ShortMax - 1)] + "…";
    }
}
