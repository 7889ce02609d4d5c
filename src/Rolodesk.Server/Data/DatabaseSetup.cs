using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;

namespace Rolodesk.Server.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Chooses the provider from configuration (<c>Rolodesk:Database:Provider</c>) and its migrations assembly.</summary>
public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=./data/rolodesk.db";

    public static DatabaseProvider Provider(IConfiguration config) =>
        config.GetValue<DatabaseProvider?>("Rolodesk:Database:Provider") ?? DatabaseProvider.Sqlite;

    public static IServiceCollection AddRolodeskDatabase(this IServiceCollection services, IConfiguration config)
    {
        var provider = Provider(config);
        var connection = config.GetConnectionString("Rolodesk");
        services.AddDbContextPool<RolodeskDbContext>(o => Configure(o, provider, connection));
        services.AddPooledDbContextFactory<RolodeskDbContext>(o => Configure(o, provider, connection));
        return services;
    }

    public static void Configure(DbContextOptionsBuilder o, DatabaseProvider provider, string? connection)
    {
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connection))
                    throw new InvalidOperationException("Rolodesk:Database:Provider is Postgres but ConnectionStrings:Rolodesk is not set.");
                o.UseNpgsql(connection, n => n.MigrationsAssembly("Rolodesk.Migrations.Postgres"));
                break;
            default:
                var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connection) ? DefaultSqlite : connection);
                var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
                if (!string.IsNullOrEmpty(dir) && builder.DataSource != ":memory:") Directory.CreateDirectory(dir);
                // SQLite materialises a join of every user with their groups before paging a single query;
                // loading collections in a second, keyed query keeps a list page independent of table size.
                o.UseSqlite(builder.ConnectionString, s => s.MigrationsAssembly("Rolodesk.Migrations.Sqlite").UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));
                o.AddInterceptors(SqlitePragmas.Instance);
                break;
        }
    }
}
