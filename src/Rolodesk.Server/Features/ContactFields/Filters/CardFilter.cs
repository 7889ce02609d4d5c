using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Values;

namespace Rolodesk.Server.Features.ContactFields.Filters;

/// <summary>
/// One condition on one custom field, already checked against the field's type and normalised to
/// the form the index stores (<see cref="Types.IFieldType.ToIndexed"/>): texts for eq / in / prefix,
/// bounds for a range, or "has no value" / "has a value".
/// </summary>
public sealed record FilterCondition(CardField Field, FilterTest Test)
{
    /// <summary>Where errors about this condition are reported: "cf.&lt;key&gt;", "cf.&lt;key&gt;.from", ….</summary>
    public static string Path(string key, string? suffix = null) => suffix is null ? CardFilterParser.Prefix + key : $"{CardFilterParser.Prefix}{key}.{suffix}";
}

/// <summary>What a condition asks of a card's index rows for its field.</summary>
public abstract record FilterTest;

/// <summary>A text row equal to one of <see cref="Values"/> (eq, in, nested prefix).</summary>
public sealed record TextIn(IReadOnlyList<string> Values) : FilterTest;

/// <summary>A number row within the inclusive bounds (null = open).</summary>
public sealed record NumberRange(decimal? From, decimal? To) : FilterTest;

/// <summary>A date row within the inclusive bounds (null = open).</summary>
public sealed record DateRange(DateOnly? From, DateOnly? To) : FilterTest;

/// <summary>Any row at all (<see cref="HasValue"/> true) or none.</summary>
public sealed record Presence(bool HasValue) : FilterTest;

/// <summary>
/// The custom-field conditions of a list request, all of which a card must meet. Built by
/// <see cref="CardFilterParser"/> (API query strings and the Contacts list alike) and applied by
/// <see cref="CardFilterQuery"/>.
/// </summary>
public sealed class CardFilter(FieldTarget target, IReadOnlyList<FilterCondition> conditions)
{
    public FieldTarget Target { get; } = target;
    public IReadOnlyList<FilterCondition> Conditions { get; } = conditions;
    public bool IsEmpty => Conditions.Count == 0;

    public static CardFilter None(FieldTarget target) => new(target, []);
}
