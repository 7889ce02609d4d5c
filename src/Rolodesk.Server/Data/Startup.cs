using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Access;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.Statuses;

namespace Rolodesk.Server.Data;

/// <summary>Migrates the database and creates what a fresh install needs: default groups and the first administrator.</summary>
public static class Startup
{
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<RolodeskDbContext>();
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Rolodesk.Startup");
        // A migration that rewrites a big table (ADR 0008 rebuilds the custom field index) runs far
        // longer than a request's command timeout: give start-up's statements an hour.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        if ((await db.Database.GetPendingMigrationsAsync()).ToList() is { Count: > 0 } pending)
            log.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync();
        // Without statistics SQLite chose a value index for a per-card probe of the list filter and
        // walked a whole number range per card (39 s instead of milliseconds at 1M users). optimize
        // analyses only tables without statistics or much changed since; the limit keeps it to a
        // sample (cheap at start-up even at millions of rows).
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;");

        await EnsureDefaultGroupsAsync(db);
        await StatusSeed.EnsureDefaultStatusesAsync(db);
        await EnsureAdministratorAsync(sp, db, app.Configuration, log);
    }

    /// <summary>Creates Administrators, Agents and Clients on an empty database (also used by the benchmark generator).</summary>
    public static async Task EnsureDefaultGroupsAsync(RolodeskDbContext db)
    {
        if (await db.UserGroups.AnyAsync()) return;
        db.UserGroups.AddRange(
            new UserGroup { Name = DefaultGroups.Administrators, Kind = UserGroupKind.Agents, IsSystem = true, Permissions = [.. Permissions.All.Select(p => p.Key)] },
            new UserGroup { Name = DefaultGroups.Agents, Kind = UserGroupKind.Agents, IsSystem = true, Permissions = [Permissions.ContactsView, Permissions.ContactsEdit, Permissions.OmniView] },
            new UserGroup { Name = DefaultGroups.Clients, Kind = UserGroupKind.Clients, IsSystem = true, Permissions = [] });
        await db.SaveChangesAsync();
    }

    private static async Task EnsureAdministratorAsync(IServiceProvider sp, RolodeskDbContext db, IConfiguration config, ILogger log)
    {
        var anyManager = await db.Users.AnyAsync(u => u.Groups.Any(g => g.Permissions.Contains(Permissions.UserGroupsManage)));
        if (anyManager) return;

        var email = config["ROLODESK_ADMIN_EMAIL"] ?? "admin@rolodesk.local";
        var password = config["ROLODESK_ADMIN_PASSWORD"];
        var generated = string.IsNullOrEmpty(password);
        if (generated) password = PasswordGenerator.Create();

        var users = sp.GetRequiredService<UserManager<User>>();
        var admins = await db.UserGroups.SingleAsync(g => g.Name == DefaultGroups.Administrators);
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var user = new User { Name = "Administrator", Email = email, UserName = email, CreatedAt = now, UpdatedAt = now, Groups = [admins] };
        user.NormalizedName = user.Name.ToUpperInvariant();
        var result = await users.CreateAsync(user, password!);
        if (!result.Succeeded)
            throw new InvalidOperationException("Cannot create the first administrator: " + string.Join("; ", result.Errors.Select(e => e.Description)));

        log.LogInformation("Created the first administrator {Email}", email);
        if (generated)
        {
            // Printed once, on the console only: the password is not stored anywhere in clear.
            Console.WriteLine();
            Console.WriteLine("=== Rolodesk: first administrator created ===");
            Console.WriteLine($"    email:    {email}");
            Console.WriteLine($"    password: {password}");
            Console.WriteLine("    (shown once; set ROLODESK_ADMIN_EMAIL / ROLODESK_ADMIN_PASSWORD to choose them)");
            Console.WriteLine();
        }
    }
}

public static class DefaultGroups
{
    public const string Administrators = "Administrators";
    public const string Agents = "Agents";
    public const string Clients = "Clients";
}

public static class PasswordGenerator
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Create(int length = 20) =>
        System.Security.Cryptography.RandomNumberGenerator.GetString(Alphabet, length);
}
