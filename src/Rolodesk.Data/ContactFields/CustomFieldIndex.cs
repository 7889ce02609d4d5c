using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Rolodesk.Data.ContactFields;

/// <summary>
/// One typed copy of a custom field value, for filters (ADR 0004, ADR 0008). The card's JSON
/// document is the real value; these rows can always be rebuilt from it. Exactly one of Text,
/// Number and Date is set; a nested value has one text row per id-path prefix, numbered by
/// <see cref="Seq"/>.
/// </summary>
public sealed class CustomFieldIndex
{
    public const int TextMax = 200;

    /// <summary>As long as the cards' <c>NormalizedName</c>.</summary>
    public const int SortKeyMax = 200;

    /// <summary>Users or Companies: whose card <see cref="EntityId"/> is (no foreign key: it points at either table).</summary>
    public FieldTarget EntityKind { get; set; }

    public int EntityId { get; set; }
    public int FieldId { get; set; }

    /// <summary>0, 1, 2… for the rows of one card's value of one field (several only for nested paths).</summary>
    public short Seq { get; set; }

    /// <summary>At most <see cref="TextMax"/> characters: longer text is cut, so an equality filter on it re-checks the document.</summary>
    public string? Text { get; set; }

    public decimal? Number { get; set; }
    public DateOnly? Date { get; set; }

    /// <summary>
    /// The card's sort name (its <c>NormalizedName</c>) on a text row, null on every other row
    /// (ADR 0010): the value index then holds a text's cards in the lists' name order, so a page
    /// sorted by name walks one equality's entries instead of every card in name order.
    /// </summary>
    public string? SortKey { get; set; }
}

internal sealed class CustomFieldIndexConfiguration : IEntityTypeConfiguration<CustomFieldIndex>
{
    public void Configure(EntityTypeBuilder<CustomFieldIndex> b)
    {
        b.ToTable("CustomFieldIndex");
        b.Property(x => x.EntityKind).HasConversion<byte>();
        b.Property(x => x.Text).HasMaxLength(CustomFieldIndex.TextMax);
        // SQLite keeps decimals as TEXT, which compares as strings ("10" < "9") and cannot use an
        // index for a range; a double (REAL / double precision) compares numerically on both
        // providers. Values are below 10^15 (Json.NumberLimit), so every value of at most 15
        // significant digits is exact; the document keeps the exact decimal either way.
        b.Property(x => x.Number).HasConversion(new ValueConverter<decimal?, double?>(
            v => v.HasValue ? (double)v.Value : null,
            v => v.HasValue ? (decimal)v.Value : null));
        // The card's rows of one field are one seek of the key, and (SQLite: WITHOUT ROWID) the key
        // B-tree holds the whole row, so a per-card range probe reads no other page. No surrogate
        // id and no foreign key to CustomFields: each was one more B-tree (or check) per inserted
        // row, and a purge deletes the field's rows itself (FieldValues.PurgeAsync). ADR 0008.
        b.HasKey(x => new { x.EntityKind, x.EntityId, x.FieldId, x.Seq });
        // One value index for every type: a row sets exactly one of Text / Number / Date, so a
        // test names the others IS NULL and seeks (field, text) or (field, NULL, number) or
        // (field, NULL, NULL, date), and "has a value" is the (field) prefix.
        // A text row also carries the card's sort name (ADR 0010): one text's entries are in name order.
        b.Property(x => x.SortKey).HasMaxLength(CustomFieldIndex.SortKeyMax);
        b.HasIndex(x => new { x.FieldId, x.Text, x.Number, x.Date, x.SortKey, x.EntityId }).HasDatabaseName("IX_CustomFieldIndex_Value");
    }
}
