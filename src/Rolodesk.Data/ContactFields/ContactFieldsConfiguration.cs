using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rolodesk.Data.Access;

namespace Rolodesk.Data.ContactFields;

internal sealed class FieldGroupConfiguration : IEntityTypeConfiguration<FieldGroup>
{
    public void Configure(EntityTypeBuilder<FieldGroup> b)
    {
        b.ToTable("FieldGroups");
        b.Property(g => g.Name).HasMaxLength(100);
        b.Property(g => g.Target).HasConversion<string>().HasMaxLength(16);
        b.Property(g => g.Version).IsConcurrencyToken();
        b.HasIndex(g => new { g.Target, g.Position });
        b.HasMany(g => g.UserGroups).WithMany().UsingEntity(
            "FieldGroupUserGroups",
            r => r.HasOne(typeof(UserGroup)).WithMany().HasForeignKey("UserGroupId").OnDelete(DeleteBehavior.Cascade),
            l => l.HasOne(typeof(FieldGroup)).WithMany().HasForeignKey("FieldGroupId").OnDelete(DeleteBehavior.Cascade),
            j => j.HasIndex("UserGroupId"));
        b.HasMany(g => g.Fields).WithOne(f => f.FieldGroup).HasForeignKey(f => f.FieldGroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomFieldConfiguration : IEntityTypeConfiguration<CustomField>
{
    public void Configure(EntityTypeBuilder<CustomField> b)
    {
        b.ToTable("CustomFields");
        b.Property(f => f.Key).HasMaxLength(64);
        b.Property(f => f.Name).HasMaxLength(100);
        b.Property(f => f.Type).HasMaxLength(32);
        b.Property(f => f.Target).HasConversion<string>().HasMaxLength(16);
        b.Property(f => f.Version).IsConcurrencyToken();
        b.HasIndex(f => new { f.Target, f.Key }).IsUnique();
        b.HasIndex(f => new { f.FieldGroupId, f.Position });
        b.HasMany(f => f.Access).WithOne().HasForeignKey(a => a.CustomFieldId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomFieldAccessConfiguration : IEntityTypeConfiguration<CustomFieldAccess>
{
    public void Configure(EntityTypeBuilder<CustomFieldAccess> b)
    {
        b.ToTable("CustomFieldAccess");
        b.HasKey(a => new { a.CustomFieldId, a.UserGroupId });
        b.Property(a => a.Level).HasConversion<string>().HasMaxLength(16);
        b.HasOne<UserGroup>().WithMany().HasForeignKey(a => a.UserGroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => a.UserGroupId);
    }
}

internal sealed class ContactFieldAuditConfiguration : IEntityTypeConfiguration<ContactFieldAudit>
{
    public void Configure(EntityTypeBuilder<ContactFieldAudit> b)
    {
        b.ToTable("ContactFieldAudit");
        b.Property(a => a.Entity).HasMaxLength(16);
        b.Property(a => a.Action).HasMaxLength(16);
        b.HasIndex(a => new { a.Entity, a.EntityId, a.Id });
    }
}
