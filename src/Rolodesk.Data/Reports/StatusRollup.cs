using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rolodesk.Data.Contacts;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Data.Reports;

/// <summary>
/// Time one agent spent in one status on one UTC day, derived from <see cref="StatusInterval"/>
/// (ADR 0007): the report reads whole days here and only the edges of its period from the
/// intervals. Written only by the rollup, never by a status change.
/// </summary>
public sealed class StatusDailyTotal
{
    public int AgentId { get; set; }

    /// <summary>Days since 1970-01-01 (UTC).</summary>
    public int Day { get; set; }

    public int StatusId { get; set; }
    public long Milliseconds { get; set; }

    /// <summary>Changes into this status that started on this day (the Offline from creation is no change).</summary>
    public int Changes { get; set; }
}

/// <summary>Per agent: days before <see cref="UntilDay"/> are in <see cref="StatusDailyTotal"/>. No row: nothing rolled up yet.</summary>
public sealed class StatusRollupCoverage
{
    public int AgentId { get; set; }
    public int UntilDay { get; set; }
}

internal sealed class StatusDailyTotalConfiguration : IEntityTypeConfiguration<StatusDailyTotal>
{
    public void Configure(EntityTypeBuilder<StatusDailyTotal> b)
    {
        b.ToTable("StatusDailyTotals");
        b.HasKey(t => new { t.AgentId, t.Day, t.StatusId });
        b.HasOne<User>().WithMany().HasForeignKey(t => t.AgentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Status>().WithMany().HasForeignKey(t => t.StatusId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => t.StatusId);
    }
}

internal sealed class StatusRollupCoverageConfiguration : IEntityTypeConfiguration<StatusRollupCoverage>
{
    public void Configure(EntityTypeBuilder<StatusRollupCoverage> b)
    {
        b.ToTable("StatusRollupCoverage");
        b.HasKey(c => c.AgentId);
        b.Property(c => c.AgentId).ValueGeneratedNever();
        b.HasOne<User>().WithMany().HasForeignKey(c => c.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
