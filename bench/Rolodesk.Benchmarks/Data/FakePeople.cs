using Rolodesk.Server.Features.Contacts;

namespace Rolodesk.Benchmarks.Data;

/// <summary>One generated row of Users, already normalised the way UserWriter normalises.</summary>
internal sealed record FakeUser(
    int Id, string Name, string NormalizedName, string Email, string NormalizedEmail,
    string Phone, string NormalizedPhone, int? CompanyId, long CreatedAtMs, long UpdatedAtMs,
    string SecurityStamp, string ConcurrencyStamp);

internal sealed record FakeCompany(string Name, string Domain);

/// <summary>
/// Deterministic (seeded) realistic contacts. Surnames repeat as in a real address book, so a
/// search such as "smith" matches about one row in sixty and exercises the full-scan path.
/// </summary>
internal sealed class FakePeople(int seed)
{
    private static readonly string[] First =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Olga", "Ivan", "Anna", "Dmitri", "Sofia", "Lukas", "Emma", "Noah", "Mia", "Hiroshi", "Yuki", "Chen",
        "Wei", "Fatima", "Omar", "Aisha", "Carlos", "Lucia", "Mateo", "Zoë", "François", "Ingrid", "Søren",
        "Priya", "Arjun", "Kwame", "Amara", "Liam", "Chloé", "Björn",
    ];

    private static readonly string[] Last =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Müller",
        "Schmidt", "Ivanova", "Petrov", "Tanaka", "Sato", "Kowalski", "Novak", "Dubois", "Rossi", "Haddad",
        "Okafor", "Mensah", "Singh", "Patel", "Kim", "Park", "Larsen", "Jensen", "O'Brien",
    ];

    private static readonly string[] MailDomains = ["example.com", "example.org", "example.net", "mail.example", "inbox.example"];
    private static readonly string[] CompanyWords = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Adventure", "Blue Yonder", "Litware", "Proseware", "Wingtip", "Alpine"];
    private static readonly string[] CompanyKinds = ["Traders", "Logistics", "Systems", "Foods", "Consulting", "Airlines", "Bank", "Labs", "Media", "Health"];

    private readonly Random random = new(seed);
    private readonly long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public FakeCompany Company(int n)
    {
        var name = $"{CompanyWords[n % CompanyWords.Length]} {CompanyKinds[n / CompanyWords.Length % CompanyKinds.Length]} {n + 1}";
        return new FakeCompany(name, $"{Slug(name)}.example");
    }

    /// <param name="companyIds">Ids of existing companies; about one user in three gets one of them.</param>
    public FakeUser User(int id, IReadOnlyList<int> companyIds)
    {
        var first = Pick(First);
        var last = Pick(Last);
        var name = random.Next(10) == 0 ? $"{first} {Pick(First)[0]}. {last}" : $"{first} {last}";
        int? companyId = companyIds.Count > 0 && random.Next(3) == 0 ? companyIds[random.Next(companyIds.Count)] : null;
        // The id keeps emails unique (a unique index) however many times the generator runs.
        var email = $"{Slug(first)}.{Slug(last)}.{id}@{Pick(MailDomains)}";
        var phone = random.Next(4) switch
        {
            0 => $"+1 ({random.Next(200, 999)}) 555-{random.Next(10000):D4}",
            1 => $"+44 20 {random.Next(1000, 9999)} {random.Next(10000):D4}",
            2 => $"+49 30 {random.Next(1000000, 9999999)}",
            _ => $"0{random.Next(100, 999)}-{random.Next(100000, 999999)}",
        };
        var created = now - (long)(random.NextDouble() * 3 * 365 * 24 * 3600 * 1000);
        var updated = created + (long)(random.NextDouble() * (now - created));
        return new FakeUser(
            id, name, name.ToUpperInvariant(), email, BenchDatabase.Normalizer.NormalizeEmail(email),
            phone, ContactRules.PhoneDigits(phone)!, companyId, created, updated,
            Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString());
    }

    private string Pick(string[] items) => items[random.Next(items.Length)];

    private static string Slug(string s) =>
        new(s.Normalize(System.Text.NormalizationForm.FormD).ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
}
