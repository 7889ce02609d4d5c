using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Tests.ContactFields.Types;

/// <summary>Random JSON, biased towards near-valid values (option ids, dates, numbers on and off the grid).</summary>
public static class JsonArbitraries
{
    private static Gen<string> Scalar()
    {
        var anyString = ArbMap.Default.GeneratorFor<string>().Select(s => JsonSerializer.Serialize(s ?? ""));
        var ids = Gen.Elements("a", "b", "c", "zz", "A", "", "a/b").Select(s => JsonSerializer.Serialize(s));
        var years = Gen.Frequency((3, Gen.Choose(2018, 2032)), (1, Gen.Choose(-5, 10_005)));
        var dates = years.SelectMany(y => Gen.Choose(0, 13).SelectMany(m => Gen.Choose(0, 32)
            .Select(d => $"\"{y:0000}-{m:00}-{d:00}\"")));
        var ints = ArbMap.Default.GeneratorFor<int>().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var decimals = ArbMap.Default.GeneratorFor<int>().SelectMany(i => Gen.Choose(0, 14).SelectMany(scale => Gen.Choose(-30, 30)
            .Select(exp => $"{Math.Abs((long)i) / 7}.{Math.Abs(i) % 1000:000}{new string('0', scale)}" + (exp % 3 == 0 ? $"e{exp}" : ""))));
        var quarters = Gen.Choose(-40, 400).Select(q => (q * 0.25m).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var special = Gen.Elements("null", "true", "false", "0", "-0", "1e999", "-1e-999", "\"\\ud800\"", "\"a\\u0000\"", "\" \"", "\"1\\n2\\n3\\n4\\n5\\n6\\n7\"");
        return Gen.Frequency((3, anyString), (4, ids), (3, dates), (2, ints), (3, decimals), (3, quarters), (2, special));
    }

    /// <summary>Id paths like those of a nested field: ["a","b","c"], ["a","c"], ["zz"], …</summary>
    private static Gen<string> Path() =>
        Gen.Choose(0, 4).SelectMany(n => Gen.Elements("a", "b", "c", "zz").ArrayOf(n))
            .Select(ids => "[" + string.Join(",", ids.Select(i => $"\"{i}\"")) + "]");

    private static Gen<string> Value(int size) => size <= 0
        ? Scalar()
        : Gen.Frequency(
            (6, Scalar()),
            (2, Path()),
            (3, Gen.ListOf(Value(size / 2)).Select(items => "[" + string.Join(",", items.Take(5)) + "]")),
            (1, Gen.ListOf(Value(size / 2)).Select(items => "{" + string.Join(",", items.Take(3).Select((v, i) => $"\"k{i}\":{v}")) + "}")));

    public static Arbitrary<JsonValue> Values() => Arb.From(Gen.Sized(s => Value(Math.Min(s, 8))).Select(s => new JsonValue(s)));
}

public sealed record JsonValue(string Json)
{
    public override string ToString() => Json;
}

public sealed class FieldTypeProperties
{
    private const string Path = "customFields.f";

    /// <summary>Settings that random values meet more often than the contract test's rich ones.</summary>
    private static readonly Dictionary<string, string> Loose = new()
    {
        ["dropdown"] = """{"options":[{"id":"a","label":"A"},{"id":"b","label":"B"},{"id":"c","label":"C"}]}""",
        ["nested"] = """{"options":[{"id":"a","label":"A","children":[{"id":"b","label":"B","children":[{"id":"c","label":"C"}]}]},{"id":"zz","label":"Z"}]}""",
        ["number"] = """{"decimalPlaces":10}""",
    };

    [Property(Arbitrary = [typeof(JsonArbitraries)], MaxTest = 500)]
    public void Random_json_is_accepted_and_round_trips_or_refused_under_its_path_for_every_type(JsonValue value)
    {
        var json = JsonDocument.Parse(value.Json).RootElement;
        foreach (var type in FieldTypeRegistry.Default.All)
        {
            foreach (var source in new[] { FieldTypeContractTests.RichSettings(type.Key), null, Loose.GetValueOrDefault(type.Key) })
            {
                var settingsErrors = new ValidationErrors();
                if (type.ValidateSettings(source is null ? null : FieldTypeTesting.J(source), settingsErrors, "settings") is not { } settings) continue;
                var errors = new ValidationErrors();
                var result = type.ValidateValue(json, settings, errors, Path);
                if (result is { } stored)
                {
                    Assert.False(errors.Any);
                    var again = type.ValidateValue(stored, settings, errors, Path);
                    Assert.True(again is { } a && JsonElement.DeepEquals(a, stored), $"{type.Key}: {value.Json} stored as {stored.GetRawText()} changed again");
                    type.ToIndexed(stored, settings);
                    type.FormatText(stored, settings);
                }
                else
                {
                    Assert.True(errors.Any, $"{type.Key} refused {value.Json} without an error");
                    Assert.All(errors.All.Keys, k => Assert.StartsWith(Path, k));
                }
            }
        }
    }
}
