using System.Buffers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Tests.ContactFields.Types;

/// <summary>Cell texts biased towards what a CSV holds: labels in any case, id paths, dates, numbers, booleans, lines.</summary>
public static class CellTexts
{
    public static Arbitrary<CellText> Texts()
    {
        var any = ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "");
        var labels = Gen.Elements("A", "a", " b ", "B", "C", "Z", "z", "Gone", "x", "A / B", "a/b/c", "A / B / C", " A/ b /C ", "Z / B", "A / X", "A /", "/");
        var dates = Gen.Choose(2015, 2035).SelectMany(y => Gen.Choose(0, 13).SelectMany(m => Gen.Choose(0, 32).Select(d => $"{y:0000}-{m:00}-{d:00}")));
        var numbers = Gen.Elements("0", "-0", "1", "1.50", "-1.5", "-1.25", "10", "10.25", "2.2", "0.001", "1e3", "1,5", " 1", "99999999999999999", "-", ".5", "5.", "1.2.3");
        var ints = Gen.Choose(-1000, 1000).Select(i => (i / 4m).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var bools = Gen.Elements("true", "False", " TRUE ", "yes", "0");
        var lines = Gen.Choose(1, 9).Select(n => string.Join(n % 2 == 0 ? "\r\n" : "\n", Enumerable.Range(0, n).Select(i => $"line {i}")));
        var odd = Gen.Elements("a\0b", "\ud800", "😀 fine", "x".PadRight(30, 'y'), "é", "\"quoted\", comma", "<b>&amp;</b>");
        return Arb.From(Gen.Frequency((3, any), (4, labels), (3, dates), (3, numbers), (2, ints), (2, bools), (2, lines), (2, odd)).Select(t => new CellText(t)));
    }
}

public sealed record CellText(string Text)
{
    public override string ToString() => JsonSerializer.Serialize(Text);
}

/// <summary>The import's fast path (<see cref="IFieldType.TryParseCell"/>) stores and indexes exactly what ParseText does.</summary>
public sealed class FastCellTests
{
    private static readonly string[] Extra =
    [
        """{"options":[{"id":"a","label":"A"},{"id":"g","label":"Gone","archived":true},{"id":"b","label":"B"}]}""",
        """{"options":[{"id":"a","label":"A","children":[{"id":"b","label":"B","children":[{"id":"c","label":"C"}]},{"id":"x","label":"X","archived":true}]},{"id":"z","label":"Z"}]}""",
        """{"decimalPlaces":3}""",
        """{"maxLength":12}""",
    ];

    private static IEnumerable<(IFieldType Type, object Settings)> Cases()
    {
        foreach (var type in FieldTypeRegistry.Default.All)
            foreach (var source in new[] { FieldTypeContractTests.RichSettings(type.Key), null }.Concat(Extra))
                if (type.ValidateSettings(source is null ? null : FieldTypeTesting.J(source), new ValidationErrors(), "settings") is { } s)
                    yield return (type, type.ParseSettings(s));
    }

    [Property(Arbitrary = [typeof(CellTexts)], MaxTest = 1000)]
    public void Fast_path_agrees_with_ParseText_for_every_type(CellText cell)
    {
        foreach (var (type, settings) in Cases())
        {
            if (!type.TryParseCell(cell.Text, settings, out var fast)) continue;
            var errors = new ValidationErrors();
            var slow = type.ParseText(cell.Text, settings, errors, "f");
            Assert.True(slow is { ValueKind: not JsonValueKind.Null } && !errors.Any, $"{type.Key}: fast path took {cell} that ParseText refuses");
            Assert.Equal(JsonSerializer.Serialize(slow!.Value, Json.Options), Written(fast));
            var indexed = type.ToIndexed(slow.Value, settings);
            Assert.Equal(indexed.Texts, fast.Index.Texts);
            Assert.Equal(indexed.Number, fast.Index.Number);
            Assert.Equal(indexed.Date, fast.Index.Date);
            Assert.Equal(indexed.PresenceOnly, fast.Index.PresenceOnly);
        }
    }

    public static TheoryData<string, string> Typical => new()
    {
        { "text", "hello" }, { "textarea", "a\nb" }, { "dropdown", "b" }, { "checkbox", "true" },
        { "date", "2024-02-29" }, { "number", "2.25" }, { "nested", "a / B / c" },
    };

    [Theory, MemberData(nameof(Typical))]
    public void Fast_path_takes_a_typical_valid_cell(string key, string text)
    {
        var type = FieldTypeTesting.Type(key);
        var settings = type.ParseSettings(FieldTypeTesting.Settings(key, FieldTypeContractTests.RichSettings(key)));
        Assert.True(type.TryParseCell(text, settings, out var fast));
        Assert.Equal(JsonSerializer.Serialize(type.ParseText(text, settings, new ValidationErrors(), "f")!.Value, Json.Options), Written(fast));
    }

    [Theory, InlineData("dropdown", "Nope"), InlineData("date", "2019-12-31"), InlineData("number", "2.2"), InlineData("nested", "A / B"), InlineData("text", "   ")]
    public void Fast_path_leaves_invalid_cells_to_ParseText(string key, string text)
    {
        var type = FieldTypeTesting.Type(key);
        Assert.False(type.TryParseCell(text, type.ParseSettings(FieldTypeTesting.Settings(key, FieldTypeContractTests.RichSettings(key))), out _));
    }

    private static string Written(CellValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Options.Encoder })) value.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
