using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Filters;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Components.Pages.Contacts;

/// <summary>
/// One condition of the Contacts list filter as the user built it: the query parameters it stands
/// for (suffix null = equals) and how it reads on its chip. The list turns chips into the very
/// parameters the API takes, so the page and the API filter alike.
/// </summary>
public sealed record FilterChip(CardField Field, string Operator, string Text, IReadOnlyList<(string? Suffix, string Value)> Parts);

public static class ListFilter
{
    /// <summary>The operators offered for a field, as (operator, wording): "present" is empty=false.</summary>
    public static IEnumerable<(string Op, string Label)> Operators(CardField field)
    {
        var ops = field.Type.FilterOperators;
        if (ops.Contains(FilterOperator.Eq)) yield return (FilterOperator.Eq, "is");
        if (ops.Contains(FilterOperator.Range)) yield return (FilterOperator.Range, "between");
        if (ops.Contains(FilterOperator.Prefix)) yield return (FilterOperator.Prefix, "is under");
        if (ops.Contains(FilterOperator.Empty))
        {
            yield return (FilterOperator.Empty, "is empty");
            yield return ("present", "has a value");
        }
    }

    /// <summary>The filter of a list of chips, checked exactly as the API checks its query string.</summary>
    public static CardFilter Parse(IEnumerable<FilterChip> chips, FieldCatalog catalog, UserAccess actor, ValidationErrors errors) =>
        CardFilterParser.Parse(CardFilterParser.ToQuery(chips.SelectMany(c => c.Parts.Select(p => (c.Field.Key, p.Suffix, p.Value)))), catalog, actor, errors);

    /// <summary>
    /// A chip from the editor's inputs, or null with a message. One chip per field and operator:
    /// several values of one "is" are "any of", as a repeated parameter is on the API.
    /// </summary>
    public static FilterChip? Build(CardField field, string op, IReadOnlyList<string> values, string? from, string? to, out string? error)
    {
        error = null;
        var name = field.Name;
        switch (op)
        {
            case FilterOperator.Eq when values.Count > 0:
                var labels = values.Select(v => field.Type.FormatText(Json.From(v), field.Settings) is { Length: > 0 } l ? l : v);
                return new(field, op, $"{name} is {string.Join(" or ", labels)}", [.. values.Select(v => ((string?)null, v))]);
            case FilterOperator.Range when from is not null || to is not null:
                var text = (from, to) switch
                {
                    ({ } f, { } t) => $"{name} {f} – {t}",
                    ({ } f, null) => $"{name} ≥ {f}",
                    _ => $"{name} ≤ {to}",
                };
                return new(field, op, text, [.. new[] { ("from", from), ("to", to) }.Where(p => p.Item2 is not null).Select(p => ((string?)p.Item1, p.Item2!))]);
            case FilterOperator.Prefix when values is [var path]:
                var shown = field.Type.FormatText(Json.From(path.Split('/')), field.Settings);
                return new(field, op, $"{name} is under {shown}", [("prefix", path)]);
            case FilterOperator.Empty:
                return new(field, op, $"{name} is empty", [("empty", "true")]);
            case "present":
                return new(field, op, $"{name} has a value", [("empty", "false")]);
            default:
                error = "Choose a value.";
                return null;
        }
    }
}
