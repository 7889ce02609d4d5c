using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rolodesk.Data.Contacts;

namespace Rolodesk.Data.Requests;

internal sealed class RequestConfiguration : IEntityTypeConfiguration<Request>
{
    public void Configure(EntityTypeBuilder<Request> b)
    {
        b.ToTable("Requests");
        b.Property(r => r.Subject).HasMaxLength(500);
        b.Property(r => r.Channel).HasMaxLength(50);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.ClientUserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.AgentId).OnDelete(DeleteBehavior.SetNull);
        // The queue in arrival order; an agent's open requests (load); lists by state.
        b.HasIndex(r => new { r.State, r.CreatedAt, r.Id });
        b.HasIndex(r => new { r.AgentId, r.State });
    }
}

internal sealed class RequestAssignmentConfiguration : IEntityTypeConfiguration<RequestAssignment>
{
    public void Configure(EntityTypeBuilder<RequestAssignment> b)
    {
        b.ToTable("RequestAssignments");
        b.Property(a => a.Event).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Reason).HasMaxLength(500);
        b.HasOne<Request>().WithMany().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => a.RequestId);
    }
}

internal sealed class DistributionSettingsConfiguration : IEntityTypeConfiguration<DistributionSettings>
{
    public void Configure(EntityTypeBuilder<DistributionSettings> b)
    {
        b.ToTable("DistributionSettings");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Method).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class AgentDistributionConfiguration : IEntityTypeConfiguration<AgentDistribution>
{
    public void Configure(EntityTypeBuilder<AgentDistribution> b)
    {
        b.ToTable("AgentDistribution");
        b.HasKey(a => a.AgentId);
        b.Property(a => a.AgentId).ValueGeneratedNever();
        b.HasOne<User>().WithOne().HasForeignKey<AgentDistribution>(a => a.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
