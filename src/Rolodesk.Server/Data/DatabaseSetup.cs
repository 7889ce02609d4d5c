using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rolodesk.Data;

namespace Rolodesk.Server.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Chooses the provider from configuration (<c>Rolodesk:Database:Provider</c>) and its migrations assembly.</summary>
public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=./data/rolodesk.db";

    public static DatabaseProvider Provider(IConfiguration config) =>
        config.GetValue<DatabaseProvider?>("Rolodesk:Database:Provider") ?? DatabaseProvider.Sqlite;

    /// <summary>Registers the DbContext; a relative SQLite path is taken from <paramref name="contentRoot"/>, not from wherever the process started.</summary>
    public static IServiceCollection AddRolodeskDatabase(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        var provider = Provider(config);
        var connection = config.GetConnectionString("Rolodesk");
        // Interceptors registered as services (e.g. the definitions stamp) join every context.
        services.AddDbContextPool<RolodeskDbContext>((sp, o) => Configure(o, provider, connection, contentRoot).AddInterceptors(sp.GetServices<IInterceptor>()));
        services.AddPooledDbContextFactory<RolodeskDbContext>((sp, o) => Configure(o, provider, connection, contentRoot).AddInterceptors(sp.GetServices<IInterceptor>()));
        return services;
    }

    /// <summary>
    /// PostgreSQL plans an unprepared statement on every execution: for the card read that was 0.24 ms
    /// of planning against 0.06 ms of execution. Npgsql's automatic preparation keeps the statements a
    /// pooled connection runs often (EF's and the hand-written ones) prepared on the server, across
    /// returns to the pool. On unless the connection string sets <c>Max Auto Prepare</c> itself (0 turns it off).
    /// </summary>
    public static string WithAutoPrepare(string connection)
    {
        if (connection.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase) || connection.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
            return connection;
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection) { MaxAutoPrepare = 64 };
        return builder.ConnectionString;
    }

    /// <summary>
    /// A pooled connection returned to the pool is reset by the statements of DISCARD ALL but
    /// DEALLOCATE (RESET ALL, CLOSE ALL, UNLISTEN *, pg_advisory_unlock_all(), DISCARD SEQUENCES,
    /// DISCARD TEMP), sent ahead of the next command. Every request returns its connection, so the
    /// server ran them once per card read: PostgreSQL's CPU per read fell without them (198 → 94,
    /// 119 → 109 and 153 → 89 µs in three pairs under load; PERFORMANCE.md, "Session 5 — Filters and
    /// card reads"). Rolodesk leaves no session state behind: its advisory locks are transaction-scoped
    /// (pg_advisory_xact_lock), it sets no settings, listens to nothing and makes no temporary tables;
    /// a transaction left open is still rolled back.
    /// On unless the connection string sets <c>No Reset On Close</c> itself (false restores the reset).
    /// </summary>
    public static string WithoutResetOnClose(string connection)
    {
        if (connection.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase) || connection.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
            return connection;
        return new Npgsql.NpgsqlConnectionStringBuilder(connection) { NoResetOnClose = true }.ConnectionString;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder o, DatabaseProvider provider, string? connection, string? baseDirectory = null)
    {
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connection))
                    throw new InvalidOperationException("Rolodesk:Database:Provider is Postgres but ConnectionStrings:Rolodesk is not set.");
                o.UseNpgsql(WithoutResetOnClose(WithAutoPrepare(connection)), n => n.MigrationsAssembly("Rolodesk.Migrations.Postgres"));
                break;
            default:
                var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connection) ? DefaultSqlite : connection);
                if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
                {
                    builder.DataSource = Path.GetFullPath(builder.DataSource, baseDirectory ?? Directory.GetCurrentDirectory());
                    Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
                }
                // SQLite materialises a join of every user with their groups before paging a single query;
                // loading collections in a second, keyed query keeps a list page independent of table size.
                o.UseSqlite(builder.ConnectionString, s => s.MigrationsAssembly("Rolodesk.Migrations.Sqlite").UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));
                o.AddInterceptors(SqlitePragmas.Instance);
                break;
        }
        return o;
    }
}
