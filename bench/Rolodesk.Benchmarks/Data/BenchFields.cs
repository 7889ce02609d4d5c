using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Data;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Benchmarks.Data;

/// <summary>
/// The custom fields of the benchmark databases: one users field group tied to Clients with 50
/// fields. <see cref="Plan"/> is a drop-down of 1,000 options where <see cref="Selective"/> is held by
/// about 1 user in 1,000 and <see cref="Broad"/> by about 1 in 5; <see cref="Score"/> is a number
/// uniform over 0..999, so a 100-wide range keeps 1 in 10. The 48 others (text, textarea, date,
/// checkbox, number, small drop-downs) give cards realistic documents.
/// </summary>
internal static class BenchFields
{
    public const string GroupName = "Bench profile";
    public const string Plan = "plan";
    public const string Score = "score";
    public const string Selective = "o1";
    public const string Broad = "o0";
    public const int FieldCount = 50;

    /// <summary>The score range of both filter cases: [RangeFrom, RangeTo] keeps 100 of 1,000 values.</summary>
    public const int RangeFrom = 300, RangeTo = 399;

    private static readonly string[] OtherTypes = ["text", "date", "checkbox", "number", "dropdown", "textarea"];

    /// <summary>Creates the group and its fields unless they exist; returns them in card order.</summary>
    public static async Task<List<CustomField>> EnsureAsync(RolodeskDbContext db, CancellationToken ct)
    {
        var existing = await db.CustomFields.AsNoTracking().Where(f => f.FieldGroup.Name == GroupName).OrderBy(f => f.Position).ToListAsync(ct);
        if (existing.Count > 0) return existing;
        var groups = await db.UserGroups.ToDictionaryAsync(g => g.Name, ct);
        var now = DateTimeOffset.UtcNow;
        var group = new FieldGroup { Name = GroupName, Target = FieldTarget.Users, UserGroups = [groups[DefaultGroups.Clients]], CreatedAt = now, UpdatedAt = now };
        db.FieldGroups.Add(group);
        for (var i = 0; i < FieldCount; i++)
        {
            var (key, type, settings) = i switch
            {
                0 => (Plan, "dropdown", Options(1000)),
                1 => (Score, "number", (object)new { min = 0, max = 999, step = 1 }),
                _ => ($"{OtherTypes[i % OtherTypes.Length]}_{i:00}", OtherTypes[i % OtherTypes.Length], Settings(OtherTypes[i % OtherTypes.Length])),
            };
            var normalised = FieldTypeRegistry.Default.Get(type).ValidateSettings(JsonSerializer.SerializeToElement(settings), new ValidationErrors(), "settings")
                ?? throw new InvalidOperationException($"Bench settings of {key} are invalid.");
            db.CustomFields.Add(new CustomField
            {
                Key = key,
                Name = key.Replace('_', ' '),
                Type = type,
                Target = FieldTarget.Users,
                FieldGroup = group,
                Position = i,
                Settings = normalised.GetRawText(),
                CreatedAt = now,
                UpdatedAt = now,
                Access =
                [
                    new CustomFieldAccess { UserGroupId = groups[DefaultGroups.Administrators].Id, Level = FieldAccessLevel.Edit },
                    new CustomFieldAccess { UserGroupId = groups[DefaultGroups.Agents].Id, Level = FieldAccessLevel.Edit },
                    new CustomFieldAccess { UserGroupId = groups[DefaultGroups.Clients].Id, Level = FieldAccessLevel.Display },
                ],
            });
        }
        await db.SaveChangesAsync(ct);
        return await EnsureAsync(db, ct);
    }

    private static object Options(int n) =>
        new { options = Enumerable.Range(0, n).Select(i => new { id = "o" + i, label = i switch { 0 => "Broad plan", 1 => "Selective plan", _ => $"Plan {i}" } }) };

    private static object Settings(string type) => type switch
    {
        "text" => new { maxLength = 200 },
        "textarea" => new { maxLength = 2000 },
        "number" => new { min = 0, max = 100000, decimalPlaces = 2 },
        "dropdown" => Options(5),
        _ => new { },
    };
}
