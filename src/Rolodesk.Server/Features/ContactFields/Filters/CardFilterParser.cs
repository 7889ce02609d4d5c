using Microsoft.Extensions.Primitives;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Filters;

/// <summary>
/// Reads the custom-field conditions of a list request: <c>cf.&lt;key&gt;=v</c> (repeated: any of),
/// <c>cf.&lt;key&gt;.from</c> / <c>.to</c> (inclusive range), <c>.prefix=id/id</c> (nested) and
/// <c>.empty=true|false</c>. Values are turned into index form by the field's own type (so text
/// compares upper-cased, as the index holds it); every problem becomes an error under the
/// parameter's name, and a field the actor may not display reads exactly like an unknown one.
/// </summary>
public static class CardFilterParser
{
    public const string Prefix = "cf.";
    public const string NoSuchField = "No field with this key that you may display.";
    public const int MaxValues = 100;
    public const int MaxConditions = 20;

    private static readonly string[] Suffixes = ["from", "to", "prefix", "empty"];

    /// <summary>The filter, or <see cref="CardFilter.None"/> with errors added when anything is wrong.</summary>
    public static CardFilter Parse(
        IEnumerable<KeyValuePair<string, StringValues>> query, FieldCatalog catalog, UserAccess actor, ValidationErrors errors)
    {
        var local = new ValidationErrors();
        // key → (suffix or "" → values), in the order the parameters came.
        var byKey = new Dictionary<string, Dictionary<string, StringValues>>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var rest = name[Prefix.Length..];
            var dot = rest.IndexOf('.');
            var (key, suffix) = dot < 0 ? (rest, "") : (rest[..dot], rest[(dot + 1)..]);
            if (suffix.Length > 0 && !Suffixes.Contains(suffix))
            {
                local.Add(name, "Unknown operator: use cf.<key>, cf.<key>.from, .to, .prefix or .empty.");
                continue;
            }
            if (!byKey.TryGetValue(key, out var ops)) byKey[key] = ops = new(StringComparer.Ordinal);
            ops[suffix] = StringValues.Concat(ops.GetValueOrDefault(suffix), values);
        }

        var conditions = new List<FilterCondition>();
        foreach (var (key, ops) in byKey)
        {
            var field = catalog.Find(key);
            if (field is null || !field.Live || field.LevelFor(actor) is null)
            {
                local.Add(FilterCondition.Path(key), NoSuchField);
                continue;
            }
            if (ops.TryGetValue("", out var eq)) Add(FilterValues.Eq(field, eq, local));
            if (ops.ContainsKey("from") || ops.ContainsKey("to"))
                Add(FilterValues.Range(field, ops.GetValueOrDefault("from"), ops.GetValueOrDefault("to"), local));
            if (ops.TryGetValue("prefix", out var prefix)) Add(FilterValues.PathPrefix(field, prefix, local));
            if (ops.TryGetValue("empty", out var empty)) Add(FilterValues.Empty(field, empty, local));
        }
        if (conditions.Count > MaxConditions) local.Add("cf", $"Use at most {MaxConditions} conditions.");

        foreach (var (path, messages) in local.All)
            foreach (var message in messages) errors.Add(path, message);
        return local.Any ? CardFilter.None(catalog.Target) : new CardFilter(catalog.Target, conditions);

        void Add(FilterCondition? c)
        {
            if (c is not null) conditions.Add(c);
        }
    }

    /// <summary>Whether <paramref name="field"/>'s type offers <paramref name="op"/>; adds the error if not.</summary>
    internal static bool Allows(CardField field, string op, string path, ValidationErrors errors)
    {
        if (field.Type.FilterOperators.Contains(op)) return true;
        var offered = field.Type.FilterOperators.Count == 0 ? "none" : string.Join(", ", field.Type.FilterOperators);
        errors.Add(path, $"A {field.Type.Key} field cannot be filtered with '{op}' (it offers: {offered}).");
        return false;
    }

    /// <summary>The query parameters of a filter, for callers (the Contacts list) that build one from parts.</summary>
    public static IEnumerable<KeyValuePair<string, StringValues>> ToQuery(IEnumerable<(string Key, string? Suffix, string Value)> parts) =>
        parts.GroupBy(p => FilterCondition.Path(p.Key, p.Suffix))
            .Select(g => KeyValuePair.Create(g.Key, new StringValues([.. g.Select(p => p.Value)])));
}
