using System.Globalization;
using System.Text;
using System.Text.Json;
using nietras.SeparatedValues;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.Contacts.Transfer;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Benchmarks.Data;

/// <summary>
/// The import benchmark's data: a users field group with 20 fields covering every type (tied to
/// Clients, editable by Administrators) and a CSV of N new users filling all of them, written
/// by the same CSV dialect the export uses.
/// </summary>
internal static class ImportBenchData
{
    private static readonly string[] Levels = ["Bronze", "Silver", "Gold", "Platinum", "Diamond"];

    /// <summary>(key, type, settings) of the 20 fields: 5 text, 2 textarea, 4 drop-downs, 3 checkboxes, 3 dates, 2 numbers, 1 nested.</summary>
    private static readonly (string Key, string Type, object? Settings)[] Fields =
    [
        .. Enumerable.Range(1, 5).Select(i => ($"text_{i}", "text", (object?)null)),
        .. Enumerable.Range(1, 2).Select(i => ($"notes_{i}", "textarea", (object?)null)),
        .. Enumerable.Range(1, 4).Select(i => ($"level_{i}", "dropdown",
            (object?)new { options = Levels.Select(l => new { id = l.ToLowerInvariant(), label = l }) })),
        .. Enumerable.Range(1, 3).Select(i => ($"flag_{i}", "checkbox", (object?)null)),
        .. Enumerable.Range(1, 3).Select(i => ($"date_{i}", "date", (object?)null)),
        ("score", "number", new { min = 0, max = 1000 }),
        ("amount", "number", new { decimalPlaces = 2 }),
        ("region", "nested", new
        {
            options = new[]
            {
                new { id = "eu", label = "Europe", children = new[] { new { id = "fr", label = "France" }, new { id = "de", label = "Germany" } } },
                new { id = "am", label = "Americas", children = new[] { new { id = "us", label = "United States" }, new { id = "br", label = "Brazil" } } },
            },
        }),
    ];

    public static async Task CreateFieldsAsync(RolodeskDbContext db, int clientsGroup, int adminsGroup)
    {
        var now = DateTimeOffset.UtcNow;
        var group = new FieldGroup { Name = "Import benchmark", Target = FieldTarget.Users, CreatedAt = now, UpdatedAt = now };
        group.UserGroups.Add(await db.UserGroups.FindAsync(clientsGroup) ?? throw new InvalidOperationException("No Clients group."));
        for (var i = 0; i < Fields.Length; i++)
        {
            var (key, type, settings) = Fields[i];
            var errors = new ValidationErrors();
            var valid = FieldTypeRegistry.Default.Find(type)!.ValidateSettings(JsonSerializer.SerializeToElement(settings), errors, "settings")
                ?? throw new InvalidOperationException($"Settings of {key}: {string.Join("; ", errors.All.Keys)}");
            group.Fields.Add(new CustomField
            {
                Key = key,
                Name = key,
                Type = type,
                Target = FieldTarget.Users,
                Position = i,
                Settings = valid.GetRawText(),
                CreatedAt = now,
                UpdatedAt = now,
                Access = [new CustomFieldAccess { UserGroupId = adminsGroup, Level = FieldAccessLevel.Edit }],
            });
        }
        db.FieldGroups.Add(group);
        await db.SaveChangesAsync();
    }

    /// <summary>Writes the CSV of <paramref name="users"/> new users (seeded, so runs are comparable).</summary>
    public static void WriteCsv(string path, int users, int seed)
    {
        var random = new Random(seed);
        var fake = new FakePeople(seed);
        using var file = new StreamWriter(path, false, new UTF8Encoding(false));
        using var csv = CsvFormat.Separator.Writer(o => o with { Escape = true }).To(file);
        csv.Header.Add(["name", "email", "phone", "groups", .. Fields.Select(f => f.Key)]);
        for (var n = 1; n <= users; n++)
        {
            var person = fake.User(n, []);
            using var row = csv.NewRow();
            row["name"].Set(person.Name);
            row["email"].Set(person.Email);
            row["phone"].Set(CsvFormat.Neutralise(person.Phone));
            row["groups"].Set("Clients");
            foreach (var (key, type, _) in Fields) row[key].Set(CsvFormat.Neutralise(Value(key, type, random)));
        }
    }

    private static string Value(string key, string type, Random random) => type switch
    {
        "text" => $"{key} value {random.Next(100_000)}",
        "textarea" => $"First line {random.Next(1000)}\nSecond line, with a comma",
        "dropdown" => Levels[random.Next(Levels.Length)],
        "checkbox" => random.Next(2) == 0 ? "true" : "false",
        "date" => new DateOnly(2000, 1, 1).AddDays(random.Next(9000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "nested" => random.Next(4) switch { 0 => "Europe / France", 1 => "Europe / Germany", 2 => "Americas / Brazil", _ => "Americas / United States" },
        _ when key == "amount" => (random.Next(1_000_000) / 100m).ToString(CultureInfo.InvariantCulture),
        _ => random.Next(1001).ToString(CultureInfo.InvariantCulture),
    };
}
