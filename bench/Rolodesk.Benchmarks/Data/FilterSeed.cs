using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Benchmarks.Data;

/// <summary>
/// Two custom fields on every generated user, written straight into the filter index with one
/// INSERT … SELECT each (the documents are not needed to look at filter plans): a drop-down whose
/// "rare" value 1 in 1,000 users hold and "common" 1 in 5, and a number 0–99 spread evenly.
/// </summary>
internal static class FilterSeed
{
    public const string DropdownKey = "bench_tier";
    public const string NumberKey = "bench_score";

    public static async Task EnsureAsync(RolodeskDbContext db, TextWriter log)
    {
        if (await db.CustomFields.AnyAsync(f => f.Key == DropdownKey && f.Target == FieldTarget.Users)) return;
        var clients = await db.UserGroups.SingleAsync(g => g.Name == DefaultGroups.Clients);
        var admins = await db.UserGroups.SingleAsync(g => g.Name == DefaultGroups.Administrators);
        var now = DateTimeOffset.UtcNow;
        var group = new FieldGroup { Name = "Bench filter", Target = FieldTarget.Users, UserGroups = [clients], CreatedAt = now, UpdatedAt = now };
        CustomField Field(string key, string type, string settings, int position) => new()
        {
            Key = key,
            Name = key,
            Type = type,
            Target = FieldTarget.Users,
            FieldGroup = group,
            Position = position,
            Settings = Normalised(type, settings),
            CreatedAt = now,
            UpdatedAt = now,
            Access = [new CustomFieldAccess { UserGroupId = admins.Id, Level = FieldAccessLevel.Edit }],
        };
        var dropdown = Field(DropdownKey, "dropdown", """{"options":[{"id":"rare","label":"Rare"},{"id":"common","label":"Common"},{"id":"other","label":"Other"}]}""", 0);
        var number = Field(NumberKey, "number", "{}", 1);
        db.AddRange(dropdown, number);
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "CustomFieldIndex" ("EntityKind", "EntityId", "FieldId", "Seq", "Text", "SortKey")
            SELECT 0, "Id", {dropdown.Id}, 0, CASE WHEN "Id" % 1000 = 7 THEN 'rare' WHEN "Id" % 5 = 1 THEN 'common' ELSE 'other' END, "NormalizedName" FROM "Users"
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "CustomFieldIndex" ("EntityKind", "EntityId", "FieldId", "Seq", "Number")
            SELECT 0, "Id", {number.Id}, 0, ("Id" / 7 * 31 + "Id" % 7 * 13) % 100 FROM "Users"
            """);
        // PostgreSQL plans from statistics; autovacuum would gather them later, the benchmark needs them now.
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("""ANALYZE "CustomFieldIndex", "Users", "UserGroupMembers" """);
        log.WriteLine($"Seeded filter fields {DropdownKey} (#{dropdown.Id}) and {NumberKey} (#{number.Id}) for every user.");
    }

    private static string Normalised(string type, string settings) =>
        FieldTypeRegistry.Default.Get(type).ValidateSettings(JsonDocument.Parse(settings).RootElement, new ValidationErrors(), "settings")!.Value.GetRawText();
}
