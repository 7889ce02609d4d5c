using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rolodesk.Data.ContactFields;

/// <summary>
/// One row whose <see cref="Value"/> changes in the same transaction as any change to field
/// groups, fields, their access lists or user groups (ADR 0005). App instances cache the field
/// definitions and compare this stamp to know whether their copy is still current.
/// </summary>
public sealed class DefinitionsStamp
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    /// <summary>A fresh random value per change: writers need not read it first, and two changes never produce the same stamp.</summary>
    public Guid Value { get; set; }
}

internal sealed class DefinitionsStampConfiguration : IEntityTypeConfiguration<DefinitionsStamp>
{
    public void Configure(EntityTypeBuilder<DefinitionsStamp> b)
    {
        b.ToTable("DefinitionsStamp");
        b.Property(s => s.Id).ValueGeneratedNever();
        // Seeded, so that a change is always an UPDATE of an existing row.
        b.HasData(new DefinitionsStamp { Id = DefinitionsStamp.SingletonId, Value = new Guid("5a0d3c1e-0000-4000-8000-000000000001") });
    }
}
