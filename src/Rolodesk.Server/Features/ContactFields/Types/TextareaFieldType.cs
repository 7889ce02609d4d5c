namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>A long text: any number of lines, 100,000 characters by default.</summary>
public sealed class TextareaFieldType : StringFieldType
{
    /// <summary>
    /// Only this much is indexed: enough for "is empty" (the only filter offered, since equality on
    /// a truncated text would be wrong) and a later "starts with", without index rows of 100 kB.
    /// </summary>
    public const int IndexedLength = 200;

    public override string Key => "textarea";
    public override string DisplayName => "Multi-line text";
    public override IReadOnlyList<string> FilterOperators { get; } = [FilterOperator.Empty];
    protected override int MaxLengthLimit => 100_000;
    protected override int? MaxLines => null;

    protected override IndexedValue IndexText(string s)
    {
        if (s.Length <= IndexedLength) return new([s]);
        // Never cut a surrogate pair in half.
        var cut = char.IsHighSurrogate(s[IndexedLength - 1]) ? IndexedLength - 1 : IndexedLength;
        return new([s[..cut]]);
    }
}
