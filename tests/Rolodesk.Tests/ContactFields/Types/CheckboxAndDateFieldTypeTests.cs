using static Rolodesk.Tests.ContactFields.Types.FieldTypeTesting;

namespace Rolodesk.Tests.ContactFields.Types;

public sealed class CheckboxAndDateFieldTypeTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void Checkbox_takes_true_or_false(string value) => Assert.Equal(value, Accepts("checkbox", null, value));

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("\"true\"")]
    [InlineData("[]")]
    public void Checkbox_refuses_other_kinds(string value) =>
        Assert.Equal(["customFields.f"], Refuses("checkbox", null, value).Keys);

    [Fact]
    public void Checkbox_has_no_settings()
    {
        Assert.Equal("{}", Settings("checkbox", "{}").GetRawText());
        Assert.Equal(["settings.default"], SettingsErrors("checkbox", """{"default":true}""").Keys);
    }

    [Fact]
    public void Checkbox_indexes_as_text() =>
        Assert.Equal(["false"], Type("checkbox").ToIndexed(J("false"), Settings("checkbox")).Texts);

    [Theory]
    [InlineData("\"2024-02-29\"")]
    [InlineData("\"0001-01-01\"")]
    [InlineData("\"9999-12-31\"")]
    public void Date_takes_real_calendar_dates(string value) => Assert.Equal(value, Accepts("date", null, value));

    [Theory]
    [InlineData("\"2023-02-29\"")]
    [InlineData("\"2024-13-01\"")]
    [InlineData("\"2024-1-5\"")]
    [InlineData("\"05/01/2024\"")]
    [InlineData("\"2024-01-05T00:00:00\"")]
    [InlineData("\" 2024-01-05\"")]
    [InlineData("20240105")]
    public void Date_refuses_anything_else(string value) =>
        Assert.Equal(["customFields.f"], Refuses("date", null, value).Keys);

    [Fact]
    public void Date_bounds_are_inclusive()
    {
        const string settings = """{"min":"2024-01-01","max":"2024-12-31"}""";
        Accepts("date", settings, "\"2024-01-01\"");
        Accepts("date", settings, "\"2024-12-31\"");
        Assert.Contains("on or after", Refuses("date", settings, "\"2023-12-31\"")["customFields.f"][0]);
        Assert.Contains("on or before", Refuses("date", settings, "\"2025-01-01\"")["customFields.f"][0]);
    }

    [Theory]
    [InlineData("""{"min":"2024-02-01","max":"2024-01-01"}""", "settings.max")]
    [InlineData("""{"min":"2024-02-30"}""", "settings.min")]
    [InlineData("""{"max":20240101}""", "settings.max")]
    public void Invalid_date_settings_are_refused(string settings, string path) =>
        Assert.Equal([path], SettingsErrors("date", settings).Keys);

    [Fact]
    public void Equal_date_bounds_are_allowed() => Settings("date", """{"min":"2024-01-01","max":"2024-01-01"}""");

    [Fact]
    public void Date_indexes_as_a_date()
    {
        Assert.Equal(new DateOnly(2024, 3, 1), Type("date").ToIndexed(J("\"2024-03-01\""), Settings("date")).Date);
        Assert.Equal(["range", "empty"], Type("date").FilterOperators);
    }
}
