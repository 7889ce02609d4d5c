namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>A long text: any number of lines, 100,000 characters by default.</summary>
public sealed class TextareaFieldType : StringFieldType
{
    public override string Key => "textarea";
    public override string DisplayName => "Multi-line text";
    public override IReadOnlyList<string> FilterOperators { get; } = [FilterOperator.Empty];
    protected override int MaxLengthLimit => 100_000;
    protected override int? MaxLines => null;

    /// <summary>
    /// Presence only: "is empty" is the one filter offered (equality on a long free text is no
    /// use), and it needs only a row with no value. Keeping the text out of the value index makes
    /// each row a narrow index entry: the import of 100,000 users with two notes fields spends about
    /// 12 % less of SQLite's index work (docs/PERFORMANCE.md, "Session 6 — Import").
    /// </summary>
    protected override IndexedValue IndexText(string s) => IndexedValue.Present;
}
