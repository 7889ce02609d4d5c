using static Rolodesk.Tests.ContactFields.Types.FieldTypeTesting;

namespace Rolodesk.Tests.ContactFields.Types;

public sealed class NumberFieldTypeTests
{
    private const string Price = """{"min":0.5,"max":100,"step":0.25,"decimalPlaces":2}""";

    [Fact]
    public void Defaults_are_whole_numbers_without_bounds() =>
        Assert.Equal("""{"decimalPlaces":0}""", Settings("number").GetRawText());

    [Theory]
    [InlineData("0.5", "0.5")]
    [InlineData("0.75", "0.75")]
    [InlineData("100", "100")]
    [InlineData("100.00", "100")]
    [InlineData("1.50", "1.5")]
    [InlineData("2.5e1", "25")]
    public void Values_on_the_step_grid_within_bounds_pass_normalised(string value, string stored) =>
        Assert.Equal(stored, Accepts("number", Price, value));

    [Theory]
    [InlineData("0.25", "at least")]
    [InlineData("100.25", "at most")]
    [InlineData("0.6", "multiple")]
    [InlineData("0.125", "decimal places")]
    [InlineData("\"5\"", "number")]
    [InlineData("true", "number")]
    public void Values_off_the_grid_or_out_of_bounds_are_refused(string value, string message) =>
        Assert.Contains(message, Refuses("number", Price, value)["customFields.f"][0]);

    [Fact]
    public void Decimals_are_checked_exactly_not_through_double()
    {
        // 0.1 + 0.2 style trouble: 0.3 is a multiple of 0.1 in decimal, not in double.
        Accepts("number", """{"step":0.1,"decimalPlaces":1}""", "0.3");
        Refuses("number", """{"decimalPlaces":2}""", "1.0000000000000000000000000000001");
        Accepts("number", """{"decimalPlaces":2}""", "1.0000000000000000000000000000000");
    }

    [Theory]
    [InlineData("1e15")]
    [InlineData("-1000000000000000")]
    [InlineData("1e400")]
    [InlineData("1e-400")]
    public void Huge_and_tiny_numbers_are_refused_not_thrown(string value) =>
        Assert.Equal(["customFields.f"], Refuses("number", null, value).Keys);

    [Fact]
    public void Without_min_the_step_counts_from_zero()
    {
        Accepts("number", """{"step":5}""", "-15");
        Refuses("number", """{"step":5}""", "7");
    }

    [Theory]
    [InlineData("""{"min":5,"max":5}""", "settings.max")]
    [InlineData("""{"min":6,"max":5}""", "settings.max")]
    [InlineData("""{"step":0}""", "settings.step")]
    [InlineData("""{"step":-1}""", "settings.step")]
    [InlineData("""{"decimalPlaces":11}""", "settings.decimalPlaces")]
    [InlineData("""{"decimalPlaces":-1}""", "settings.decimalPlaces")]
    [InlineData("""{"step":0.5}""", "settings.step")]
    [InlineData("""{"min":"1"}""", "settings.min")]
    [InlineData("""{"decimals":2}""", "settings.decimals")]
    public void Invalid_number_settings_are_refused(string settings, string path) =>
        Assert.Equal([path], SettingsErrors("number", settings).Keys);

    [Fact]
    public void The_counter_step_falls_back_to_the_smallest_decimal()
    {
        var type = (Rolodesk.Server.Features.ContactFields.Types.NumberFieldType)Type("number");
        var settings = (Rolodesk.Server.Features.ContactFields.Types.NumberSettings)type.ParseSettings(Settings("number", """{"decimalPlaces":3}"""));
        Assert.Equal(0.001m, settings.EffectiveStep);
    }

    [Fact]
    public void Number_indexes_as_a_decimal() =>
        Assert.Equal(12.5m, Type("number").ToIndexed(J("12.5"), Settings("number", """{"decimalPlaces":1}""")).Number);
}
