using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.Contacts;
using Rolodesk.Server.Data;

namespace Rolodesk.Benchmarks.Data;

/// <summary>
/// A known administrator for the HTTP load: the app only creates its first administrator on an
/// empty database, and a benchmark database may already hold another one.
/// </summary>
internal static class BenchAdmin
{
    public static async Task EnsureAsync(RolodeskDbContext db, string email, string password, TextWriter log)
    {
        var normalized = BenchDatabase.Normalizer.NormalizeEmail(email);
        var user = await db.Users.Include(u => u.Groups).SingleOrDefaultAsync(u => u.NormalizedEmail == normalized);
        var admins = await db.UserGroups.SingleAsync(g => g.Name == DefaultGroups.Administrators);
        var now = DateTimeOffset.UtcNow;
        if (user is null)
        {
            user = new User
            {
                Name = "Benchmark Administrator",
                Email = email,
                UserName = email,
                NormalizedEmail = normalized,
                NormalizedUserName = normalized,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                LockoutEnabled = true,
                CreatedAt = now,
            };
            user.NormalizedName = user.Name.ToUpperInvariant();
            db.Users.Add(user);
        }
        // Reset on every run: a previous run may have changed the password or locked the account.
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, password);
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        user.UpdatedAt = now;
        if (!user.Groups.Any(g => g.Id == admins.Id)) user.Groups.Add(admins);
        await db.SaveChangesAsync();
        log.WriteLine($"Administrator {email} is ready (Administrators group, password reset).");
    }
}
