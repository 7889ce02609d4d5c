using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rolodesk.Data.ContactFields;

/// <summary>
/// A users field that may have index rows of values not on their card (ADR 0012): a user left the
/// field's audience while holding a value (the value is kept in the card's document and comes back
/// if they join again), or the audience shrank, or the field moved to another group. Filters probe
/// the membership of a field's cards only when it is marked here; a field never marked has index
/// rows only for cards it is on. Marks are never removed (a field's purge removes its mark).
/// </summary>
public sealed class HiddenFieldValue
{
    public int FieldId { get; set; }
}

internal sealed class HiddenFieldValueConfiguration : IEntityTypeConfiguration<HiddenFieldValue>
{
    public void Configure(EntityTypeBuilder<HiddenFieldValue> b)
    {
        b.ToTable("HiddenFieldValues");
        b.HasKey(h => h.FieldId);
        b.Property(h => h.FieldId).ValueGeneratedNever();
        b.HasOne<CustomField>().WithMany().HasForeignKey(h => h.FieldId).OnDelete(DeleteBehavior.Cascade);
    }
}
