using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Rolodesk.Data;

namespace Rolodesk.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add X --project src/Rolodesk.Migrations.Sqlite</c> work without the host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RolodeskDbContext>
{
    public RolodeskDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RolodeskDbContext>()
            .UseSqlite("Data Source=design.db", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options);
}
