using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Rolodesk.Data.ContactFields;

/// <summary>
/// One typed copy of a custom field value, for filters (ADR 0004). The card's JSON document is
/// the real value; these rows can always be rebuilt from it. At most one of Text, Number and Date
/// is set; a nested value has one text row per id-path prefix.
/// </summary>
public sealed class CustomFieldIndex
{
    public const int TextMax = 200;

    public long Id { get; set; }

    /// <summary>Users or Companies: whose card <see cref="EntityId"/> is (no foreign key: it points at either table).</summary>
    public FieldTarget EntityKind { get; set; }

    public int EntityId { get; set; }
    public int FieldId { get; set; }

    /// <summary>At most <see cref="TextMax"/> characters: longer text is cut, so an equality filter on it re-checks the document.</summary>
    public string? Text { get; set; }

    public decimal? Number { get; set; }
    public DateOnly? Date { get; set; }
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
        b.HasIndex(x => new { x.FieldId, x.Text, x.EntityId });
        b.HasIndex(x => new { x.FieldId, x.Number, x.EntityId });
        b.HasIndex(x => new { x.FieldId, x.Date, x.EntityId });
        // One card's rows of one field in one seek: list filters probe card by card with it
        // (a range on the value indexes above would walk every card's value), and writes use its prefix.
        b.HasIndex(x => new { x.EntityKind, x.EntityId, x.FieldId });
        // Purging a field drops its rows with it; the documents are cleaned by the purge itself.
        b.HasOne<CustomField>().WithMany().HasForeignKey(x => x.FieldId).OnDelete(DeleteBehavior.Cascade);
    }
}
