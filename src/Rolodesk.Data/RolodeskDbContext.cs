using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data.Access;
using Rolodesk.Data.ContactFields;
using Rolodesk.Data.Contacts;
using Rolodesk.Data.Requests;
using Rolodesk.Data.Statuses;

namespace Rolodesk.Data;

public sealed class RolodeskDbContext(DbContextOptions<RolodeskDbContext> options)
    : IdentityUserContext<User, int>(options)
{
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<UserGroup> UserGroups => Set<UserGroup>();
    public DbSet<FieldGroup> FieldGroups => Set<FieldGroup>();
    public DbSet<CustomField> CustomFields => Set<CustomField>();
    public DbSet<ContactFieldAudit> ContactFieldAudit => Set<ContactFieldAudit>();
    public DbSet<Status> Statuses => Set<Status>();
    public DbSet<AgentPresence> AgentPresence => Set<AgentPresence>();
    public DbSet<StatusInterval> StatusIntervals => Set<StatusInterval>();
    public DbSet<StatusSettings> StatusSettings => Set<StatusSettings>();
    public DbSet<Request> Requests => Set<Request>();
    public DbSet<RequestAssignment> RequestAssignments => Set<RequestAssignment>();
    public DbSet<DistributionSettings> DistributionSettings => Set<DistributionSettings>();
    public DbSet<AgentDistribution> AgentDistribution => Set<AgentDistribution>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RolodeskDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks-free ISO text there and
        // timestamptz on PostgreSQL. A long (unix ms) works identically on both.
        builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUnixMsConverter>();
    }
}
