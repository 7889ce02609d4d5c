using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rolodesk.Data.Contacts;

namespace Rolodesk.Data.Statuses;

internal sealed class StatusConfiguration : IEntityTypeConfiguration<Status>
{
    public void Configure(EntityTypeBuilder<Status> b)
    {
        b.ToTable("Statuses");
        b.Property(s => s.Name).HasMaxLength(50);
        b.Property(s => s.Color).HasMaxLength(7);
        b.Property(s => s.SystemKey).HasMaxLength(16);
        // Several instances may seed at once: the key makes the second seed fail instead of duplicating.
        b.HasIndex(s => s.SystemKey).IsUnique();
    }
}

internal sealed class AgentPresenceConfiguration : IEntityTypeConfiguration<AgentPresence>
{
    public void Configure(EntityTypeBuilder<AgentPresence> b)
    {
        b.ToTable("AgentPresence");
        b.HasKey(p => p.UserId);
        b.Property(p => p.UserId).ValueGeneratedNever();
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasOne<User>().WithOne().HasForeignKey<AgentPresence>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Status>().WithMany().HasForeignKey(p => p.StatusId).OnDelete(DeleteBehavior.Restrict);
        // The inactivity sweep looks for agents idle since before a cutoff.
        b.HasIndex(p => p.LastActivityAt);
        b.HasIndex(p => p.StatusId);
    }
}

internal sealed class StatusIntervalConfiguration : IEntityTypeConfiguration<StatusInterval>
{
    public void Configure(EntityTypeBuilder<StatusInterval> b)
    {
        b.ToTable("StatusIntervals");
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Reason).HasMaxLength(500);
        // No foreign key to Users (ADR 0009): an interval is only ever written in the statement set that
        // moves the agent's AgentPresence row (which has one), and deleting a user deletes their intervals
        // (UserWriter). The key's check locked every changed agent's Users row (~60 µs a row on PostgreSQL).
        b.HasOne(i => i.Status).WithMany().HasForeignKey(i => i.StatusId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => new { i.AgentId, i.Started });
        b.HasIndex(i => new { i.AgentId, i.Sequence }).IsUnique();
        // The database itself refuses a second open interval for an agent.
        b.HasIndex(i => i.AgentId).IsUnique().HasFilter("\"Ended\" IS NULL").HasDatabaseName("IX_StatusIntervals_OpenPerAgent");
    }
}

internal sealed class StatusSettingsConfiguration : IEntityTypeConfiguration<StatusSettings>
{
    public void Configure(EntityTypeBuilder<StatusSettings> b)
    {
        b.ToTable("StatusSettings");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.HasOne<Status>().WithMany().HasForeignKey(s => s.InactivityStatusId).OnDelete(DeleteBehavior.Restrict);
    }
}
