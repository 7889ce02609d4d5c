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
        // No foreign key to Statuses and no index on StatusId (ADR 0011): statuses are never deleted (only marked),
        // every change checks the status it picks, and the key's check locked the shared status row on every move.
        // Without an index on StatusId a move that keeps LastActivityAt (the sweep, supervisors) is a HOT update;
        // deleting a status finds its agents by scanning this table (one row per agent).
        // The inactivity sweep looks for agents idle since before a cutoff.
        b.HasIndex(p => p.LastActivityAt);
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
        // No foreign key to Statuses either, nor an index on StatusId (ADR 0011): statuses are only ever marked
        // deleted, so the history keeps its status rows; the key's per-row check cost ~15 µs per change.
        b.HasIndex(i => new { i.AgentId, i.Started });
        b.HasIndex(i => new { i.AgentId, i.Sequence }).IsUnique();
        // No index on "Ended" (ADR 0011): closing an interval is then a HOT update on PostgreSQL (no new index
        // entries; fillfactor 70, set by the PostgreSQL migration). One open interval per agent is kept by the
        // writes: they are conditional on the agent's presence version, and a close must find its interval open.
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
