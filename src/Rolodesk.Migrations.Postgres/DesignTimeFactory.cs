using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Rolodesk.Data;

namespace Rolodesk.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add X --project src/Rolodesk.Migrations.Postgres</c> work without a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RolodeskDbContext>
{
    public RolodeskDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RolodeskDbContext>()
            .UseNpgsql("Host=localhost;Database=rolodesk_design", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options);
}
