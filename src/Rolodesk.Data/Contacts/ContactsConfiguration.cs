using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rolodesk.Data.Contacts;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("Users");
        b.Property(u => u.Name).HasMaxLength(200);
        b.Property(u => u.NormalizedName).HasMaxLength(200);
        b.Property(u => u.Phone).HasMaxLength(50);
        b.Property(u => u.NormalizedPhone).HasMaxLength(50);
        // Identity's default index on NormalizedEmail is not unique; emails are unique here.
        b.HasIndex(u => u.NormalizedEmail).IsUnique().HasDatabaseName("IX_Users_NormalizedEmail");
        b.HasIndex(u => new { u.NormalizedName, u.Id });
        b.HasIndex(u => u.NormalizedPhone);
        b.HasIndex(u => u.CreatedAt);
        b.HasOne(u => u.Company).WithMany(c => c.Users).HasForeignKey(u => u.CompanyId)
            .OnDelete(DeleteBehavior.SetNull);
        b.HasMany(u => u.Groups).WithMany(g => g.Members).UsingEntity(
            "UserGroupMembers",
            r => r.HasOne(typeof(Access.UserGroup)).WithMany().HasForeignKey("UserGroupId").OnDelete(DeleteBehavior.Cascade),
            l => l.HasOne(typeof(User)).WithMany().HasForeignKey("UserId").OnDelete(DeleteBehavior.Cascade),
            // The key (UserGroupId, UserId) serves a group's members; (UserId, UserGroupId) a user's groups (the card reads
            // them on every read) without touching the table. No index on UserGroupId alone: the key starts with it.
            j => j.HasIndex("UserId", "UserGroupId"));
    }
}

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> b)
    {
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.NormalizedName).HasMaxLength(200);
        b.Property(c => c.Domain).HasMaxLength(253);
        b.Property(c => c.Notes).HasMaxLength(10_000);
        b.HasIndex(c => new { c.NormalizedName, c.Id });
    }
}
