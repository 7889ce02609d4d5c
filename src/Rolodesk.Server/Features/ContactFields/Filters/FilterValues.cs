using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.ContactFields.Values;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Filters;

/// <summary>
/// Turns the text of one filter parameter into a condition. The field's type does the
/// normalising through <see cref="IFieldType.ToIndexed"/> (the same projection that wrote the
/// index), so nothing here switches on a type name: a value is offered to the type as a JSON
/// string, boolean or number, and whatever the type indexes it as is what is compared.
/// </summary>
internal static class FilterValues
{
    public static FilterCondition? Eq(CardField field, StringValues values, ValidationErrors errors)
    {
        var path = FilterCondition.Path(field.Key);
        if (!CardFilterParser.Allows(field, values.Count > 1 ? FilterOperator.In : FilterOperator.Eq, path, errors)) return null;
        if (values.Count > CardFilterParser.MaxValues) return Fail(errors, path, $"Give at most {CardFilterParser.MaxValues} values.");
        var texts = new List<string>();
        foreach (var v in values)
        {
            if (string.IsNullOrWhiteSpace(v)) return Fail(errors, path, $"Must not be blank: use {path}.empty=true for cards without a value.");
            var indexed = Candidates(v).Select(c => field.Type.ToIndexed(c, field.ParsedSettings))
                .FirstOrDefault(i => i is { Texts.Count: 1, Number: null, Date: null });
            if (indexed is null) return Fail(errors, path, $"'{Shorten(v)}' is not a value of this field.");
            if (indexed.Texts[0].Length > CustomFieldIndex.TextMax)
                return Fail(errors, path, $"Use at most {CustomFieldIndex.TextMax} characters to filter on.");
            texts.Add(indexed.Texts[0]);
        }
        return new FilterCondition(field, new TextIn(texts.Distinct(StringComparer.Ordinal).ToList()));
    }

    public static FilterCondition? Range(CardField field, StringValues from, StringValues to, ValidationErrors errors)
    {
        var path = FilterCondition.Path(field.Key, from.Count > 0 ? "from" : "to");
        if (!CardFilterParser.Allows(field, FilterOperator.Range, path, errors)) return null;
        var low = Bound(field, from, "from", errors);
        var high = Bound(field, to, "to", errors);
        if (low is { Failed: true } || high is { Failed: true }) return null;
        if (low?.Value.Number is not null || high?.Value.Number is not null)
            return new FilterCondition(field, new NumberRange(low?.Value.Number, high?.Value.Number));
        return new FilterCondition(field, new DateRange(low?.Value.Date, high?.Value.Date));
    }

    public static FilterCondition? PathPrefix(CardField field, StringValues values, ValidationErrors errors)
    {
        var path = FilterCondition.Path(field.Key, "prefix");
        if (!CardFilterParser.Allows(field, FilterOperator.Prefix, path, errors) || Single(values, path, errors) is not { } v) return null;
        var ids = v.Split('/');
        var indexed = ids.Any(string.IsNullOrWhiteSpace) ? null : field.Type.ToIndexed(Json.From(ids), field.ParsedSettings);
        if (indexed is null || indexed.Texts.Count != ids.Length)
            return Fail(errors, path, "Must be option ids joined by '/', root first, such as eu/fr.");
        if (indexed.Texts[^1].Length > CustomFieldIndex.TextMax) return Fail(errors, path, "This path is too long to filter on.");
        return new FilterCondition(field, new TextIn([indexed.Texts[^1]]));
    }

    public static FilterCondition? Empty(CardField field, StringValues values, ValidationErrors errors)
    {
        var path = FilterCondition.Path(field.Key, "empty");
        if (!CardFilterParser.Allows(field, FilterOperator.Empty, path, errors) || Single(values, path, errors) is not { } v) return null;
        if (!bool.TryParse(v, out var empty)) return Fail(errors, path, "Must be true or false.");
        return new FilterCondition(field, new Presence(!empty));
    }

    private sealed record BoundValue(IndexedValue Value, bool Failed);

    /// <summary>One bound of a range as the type indexes it (a number or a date); null when not given.</summary>
    private static BoundValue? Bound(CardField field, StringValues values, string suffix, ValidationErrors errors)
    {
        if (values.Count == 0) return null;
        var path = FilterCondition.Path(field.Key, suffix);
        if (Single(values, path, errors) is not { } v) return new(IndexedValue.None, true);
        var indexed = Candidates(v).Select(c => field.Type.ToIndexed(c, field.ParsedSettings))
            .FirstOrDefault(i => i.Number is not null || i.Date is not null);
        if (indexed is not null) return new(indexed, false);
        errors.Add(path, $"'{Shorten(v)}' is not a bound for this field: use a number such as -12.5 or a date as YYYY-MM-DD.");
        return new(IndexedValue.None, true);
    }

    /// <summary>The JSON forms a query-string value may stand for, most literal first.</summary>
    private static IEnumerable<JsonElement> Candidates(string v)
    {
        yield return Json.From(v);
        if (bool.TryParse(v, out var b)) yield return Json.From(b);
        if (Json.ParseDecimal(v.Trim(), NumberFieldType.MaxDecimalPlaces, out _) is { } n) yield return Json.From(n);
    }

    private static string? Single(StringValues values, string path, ValidationErrors errors)
    {
        if (values.Count == 1 && values[0] is { } v) return v;
        errors.Add(path, "Give this parameter once.");
        return null;
    }

    private static string Shorten(string v) => v.Length <= 40 ? v : v[..40] + "…";

    private static FilterCondition? Fail(ValidationErrors errors, string path, string message)
    {
        errors.Add(path, message);
        return null;
    }
}
