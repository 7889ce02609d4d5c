using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

[assembly: AssemblyFixture(typeof(Rolodesk.Tests.Infrastructure.RolodeskApp))]

namespace Rolodesk.Tests.Infrastructure;

/// <summary>
/// The application under test, started once per test run on a database of its own: a fresh
/// SQLite file, or a fresh PostgreSQL database when <c>ROLODESK_TEST_PROVIDER=postgres</c>.
/// Tests share it, so each creates its own data and never counts whole tables.
/// </summary>
public class RolodeskApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@rolodesk.test";
    public const string AdminPassword = "admin-pass-1";

    private readonly string _database = "rolodesk_test_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _sqliteDir = Path.Combine(Path.GetTempPath(), "rolodesk-tests", Guid.NewGuid().ToString("N")[..8]);
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private string? _adminToken;

    public RolodeskApp() => Api = new Api(this);

    public static bool IsPostgres =>
        string.Equals(Environment.GetEnvironmentVariable("ROLODESK_TEST_PROVIDER"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("ROLODESK_TEST_PG") is { Length: > 0 } s ? s : "Host=127.0.0.1;Username=postgres;Password=postgres";

    public Api Api { get; }

    protected string DatabaseName => _database;

    public string ConnectionString => IsPostgres
        ? new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _database }.ConnectionString
        : $"Data Source={Path.Combine(_sqliteDir, "rolodesk.db")}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Rolodesk:Database:Provider", IsPostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Rolodesk", ConnectionString);
        builder.UseSetting("ROLODESK_ADMIN_EMAIL", AdminEmail);
        builder.UseSetting("ROLODESK_ADMIN_PASSWORD", AdminPassword);
        // Request logs of hundreds of tests drown the one error that matters.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Warning");
    }

    public async ValueTask InitializeAsync()
    {
        // Created here rather than by the migration so that the app does not log a failed connection first.
        if (IsPostgres) await ExecuteOnServerAsync($"CREATE DATABASE \"{_database}\"");
        else Directory.CreateDirectory(_sqliteDir);
        _ = Server; // starts the host: migrates the database and seeds the groups and the administrator
    }

    /// <summary>Runs <paramref name="sql"/> on the PostgreSQL server (its postgres database): creating and dropping test databases.</summary>
    public static async Task ExecuteOnServerAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres" }.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The administrator's bearer token, issued once per run.</summary>
    public async Task<string> AdminTokenAsync()
    {
        await _tokenLock.WaitAsync();
        try { return _adminToken ??= await Api.TokenAsync(AdminEmail, AdminPassword); }
        finally { _tokenLock.Release(); }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_sqliteDir, recursive: true); }
            catch (IOException) { /* a leftover temp file is harmless */ }
        }
    }
}

/// <summary>
/// A second application with a database of its own, for tests that need to know exactly who
/// holds <c>user-groups.manage</c> (only the seeded administrator) and must not be disturbed by
/// other tests creating managers.
/// </summary>
public sealed class SoleAdminApp : RolodeskApp;

/// <summary>An application whose database a test takes away, to see the app notice it.</summary>
public sealed class LostDatabaseApp : RolodeskApp
{
    /// <summary>Makes the database unreachable: dropped on PostgreSQL, replaced by a folder on SQLite.</summary>
    public async Task LoseDatabaseAsync()
    {
        if (IsPostgres)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)");
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(file)!)) File.Delete(f);
        Directory.CreateDirectory(file);
    }
}
