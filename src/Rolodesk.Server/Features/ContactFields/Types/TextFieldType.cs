namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>A single-line-ish text: at most 6 lines, 1,000 characters by default.</summary>
public sealed class TextFieldType : StringFieldType
{
    public override string Key => "text";
    public override string DisplayName => "Text";
    public override IReadOnlyList<string> FilterOperators { get; } = [FilterOperator.Eq, FilterOperator.In, FilterOperator.Empty];
    protected override int MaxLengthLimit => 1_000;
    protected override int? MaxLines => 6;

    /// <summary>
    /// Upper-invariant, so "equals" ignores case on both providers with a plain index seek (the
    /// list filter's value goes through this same projection). The card keeps the text as written.
    /// </summary>
    protected override IndexedValue IndexText(string text) => new([text.ToUpperInvariant()]);
}
