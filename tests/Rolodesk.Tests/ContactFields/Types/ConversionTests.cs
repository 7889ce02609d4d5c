using static Rolodesk.Tests.ContactFields.Types.FieldTypeTesting;

namespace Rolodesk.Tests.ContactFields.Types;

/// <summary>A type change is allowed only when every value converts and converts back to itself.</summary>
public sealed class ConversionTests
{
    private const string Priority = """{"options":[{"id":"hi","label":"High"},{"id":"lo","label":"Low"}]}""";
    private const string Places = """{"options":[{"id":"eu","label":"Europe","children":[{"id":"fr","label":"France"}]}]}""";

    private static string? Convert(string from, string? fromSettings, string value, string to, string? toSettings)
    {
        var ok = Type(to).TryConvertFrom(Type(from), J(value), Settings(from, fromSettings), Settings(to, toSettings), out var converted);
        return ok ? converted.GetRawText() : null;
    }

    [Theory]
    [InlineData("text", null, "\"a\\nb\"", "textarea", null, "\"a\\nb\"")]
    [InlineData("textarea", null, "\"short\"", "text", null, "\"short\"")]
    [InlineData("number", """{"decimalPlaces":2}""", "12.5", "text", null, "\"12.5\"")]
    [InlineData("text", null, "\"12.5\"", "number", """{"decimalPlaces":1}""", "12.5")]
    [InlineData("date", null, "\"2024-02-29\"", "text", null, "\"2024-02-29\"")]
    [InlineData("text", null, "\"2024-02-29\"", "date", null, "\"2024-02-29\"")]
    [InlineData("dropdown", Priority, "\"hi\"", "text", null, "\"High\"")]
    [InlineData("text", null, "\"High\"", "dropdown", Priority, "\"hi\"")]
    [InlineData("checkbox", null, "true", "text", null, "\"true\"")]
    [InlineData("nested", Places, "[\"eu\",\"fr\"]", "text", null, "\"Europe / France\"")]
    [InlineData("number", null, "7", "number", """{"max":10}""", "7")]
    [InlineData("text", null, "null", "number", null, "null")]
    public void Lossless_conversions_are_allowed(string from, string? fromSettings, string value, string to, string? toSettings, string expected) =>
        Assert.Equal(expected, Convert(from, fromSettings, value, to, toSettings));

    [Theory]
    [InlineData("textarea", null, "\"1\\n2\\n3\\n4\\n5\\n6\\n7\"", "text", null)]
    [InlineData("text", null, "\"abcdef\"", "text", """{"maxLength":5}""")]
    [InlineData("text", null, "\"01\"", "number", null)]
    [InlineData("text", null, "\"1.0\"", "number", """{"decimalPlaces":1}""")]
    [InlineData("text", null, "\"twelve\"", "number", null)]
    [InlineData("text", null, "\"high\"", "dropdown", Priority)]
    [InlineData("text", null, "\"TRUE\"", "checkbox", null)]
    [InlineData("number", null, "11", "number", """{"max":10}""")]
    [InlineData("date", null, "\"2024-02-29\"", "number", null)]
    [InlineData("checkbox", null, "true", "date", null)]
    public void Lossy_conversions_are_refused(string from, string? fromSettings, string value, string to, string? toSettings) =>
        Assert.Null(Convert(from, fromSettings, value, to, toSettings));
}
