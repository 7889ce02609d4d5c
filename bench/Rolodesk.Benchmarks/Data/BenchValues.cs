using System.Text.Json;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Features.ContactFields.Values;

namespace Rolodesk.Benchmarks.Data;

/// <summary>
/// Seeded values for the <see cref="BenchFields"/>: each card gets the plan and score plus six
/// other values (a realistic document of eight); one card in 1,000 (<see cref="IsFullCard"/>)
/// gets all 50. Values come from per-field pools whose index projections are computed once
/// (the field type's <c>ToIndexed</c>), so a million cards cost a dictionary and a serialisation each.
/// </summary>
internal sealed class BenchValues
{
    private const int OthersPerCard = 6;

    private readonly List<CustomField> fields;
    private readonly (JsonElement Value, IndexedValue Indexed)[][] pools;
    private readonly Random random;

    public BenchValues(List<CustomField> fields, int seed)
    {
        this.fields = fields;
        random = new Random(seed);
        pools = [.. fields.Select(f => Pool(f).Select(v => (v, FieldTypeRegistry.Default.Get(f.Type).ToIndexed(v, JsonSerializer.Deserialize<JsonElement>(f.Settings)))).ToArray())];
    }

    /// <summary>Cards with every one of the 50 fields filled, for the card-read benchmark.</summary>
    public static bool IsFullCard(int userId) => userId % 1000 == 7;

    /// <summary>The card's document (CardDocument's exact format); its index rows are appended to <paramref name="rows"/>.</summary>
    public string Make(int userId, string sortKey, List<CustomFieldIndex> rows)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var r = random.Next(1000);
        // 200 in 1,000 broad, 1 in 1,000 selective, the rest spread over the other 998 options.
        Add(0, r < 200 ? 0 : r == 200 ? 1 : 2 + random.Next(998));
        Add(1, random.Next(1000));
        var full = IsFullCard(userId);
        Span<bool> chosen = stackalloc bool[fields.Count];
        for (var n = 0; !full && n < OthersPerCard; n++) chosen[2 + random.Next(fields.Count - 2)] = true;
        for (var i = 2; i < fields.Count; i++)
            if (full || chosen[i]) Add(i, random.Next(pools[i].Length));
        return CardDocument.Serialize(values)!;

        void Add(int field, int pick)
        {
            var (value, indexed) = pools[field][pick];
            values[fields[field].Key] = value;
            rows.AddRange(CardIndex.Rows(fields[field].Id, indexed, FieldTarget.Users, userId, sortKey));
        }
    }

    private static readonly string[] Words =
        ["priority", "renewal", "account", "north", "region", "partner", "gold", "silver", "contract", "pending", "trial", "annual",
         "support", "billing", "Zürich", "São Paulo", "Kraków", "office", "remote", "reseller"];

    private static IEnumerable<JsonElement> Pool(CustomField field)
    {
        var rng = new Random(field.Id);
        string Phrase(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[rng.Next(Words.Length)]));
        IEnumerable<object> raw = field.Key switch
        {
            BenchFields.Plan => Enumerable.Range(0, 1000).Select(i => (object)("o" + i)),
            BenchFields.Score => Enumerable.Range(0, 1000).Select(i => (object)i),
            _ => field.Type switch
            {
                "text" => Enumerable.Range(0, 500).Select(i => (object)$"{Phrase(2)} {i}"),
                "textarea" => Enumerable.Range(0, 200).Select(_ => (object)(Phrase(12) + ".\n" + Phrase(10) + ".")),
                "date" => Enumerable.Range(0, 3650).Select(d => (object)new DateOnly(2016, 1, 1).AddDays(d).ToString("yyyy-MM-dd")),
                "checkbox" => [true, false],
                "number" => Enumerable.Range(0, 1000).Select(i => (object)(i * 37 % 100000 + i % 100 / 100m)),
                "dropdown" => Enumerable.Range(0, 5).Select(i => (object)("o" + i)),
                _ => throw new InvalidOperationException($"No bench values for type {field.Type}."),
            },
        };
        return raw.Select(v => JsonSerializer.SerializeToElement(v));
    }
}

/// <summary>One batch's values: documents by user id, and their index rows.</summary>
internal sealed record BenchBatch(Dictionary<int, string> Documents, List<CustomFieldIndex> IndexRows)
{
    public static BenchBatch None => new([], []);
}
