using static Rolodesk.Tests.ContactFields.Types.FieldTypeTesting;

namespace Rolodesk.Tests.ContactFields.Types;

public sealed class StringFieldTypeTests
{
    [Fact]
    public void Text_settings_default_to_1000_characters() =>
        Assert.Equal("""{"maxLength":1000}""", Settings("text").GetRawText());

    [Fact]
    public void Textarea_settings_default_to_100000_characters() =>
        Assert.Equal("""{"maxLength":100000}""", Settings("textarea").GetRawText());

    [Theory]
    [InlineData("text", """{"maxLength":0}""")]
    [InlineData("text", """{"maxLength":1001}""")]
    [InlineData("textarea", """{"maxLength":100001}""")]
    [InlineData("text", """{"maxLength":"10"}""")]
    [InlineData("text", """{"maxLength":2.5}""")]
    public void Max_length_outside_its_range_is_refused(string key, string settings) =>
        Assert.Equal(["settings.maxLength"], SettingsErrors(key, settings).Keys);

    [Fact]
    public void An_unknown_setting_is_refused_by_its_path() =>
        Assert.Equal(["settings.lines"], SettingsErrors("text", """{"maxLength":10,"lines":3}""").Keys);

    [Fact]
    public void Settings_that_are_not_an_object_are_refused() =>
        Assert.Equal(["settings"], SettingsErrors("text", "[1]").Keys);

    [Fact]
    public void Text_is_stored_exactly_as_written() =>
        Assert.Equal("\"  Ada & Zoë  \"", Accepts("text", null, "\"  Ada & Zoë  \""));

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \\n \"")]
    [InlineData("null")]
    public void Blank_text_is_no_value(string value) => Assert.Equal("null", Accepts("text", null, value));

    [Fact]
    public void Text_of_exactly_max_length_passes_and_one_more_is_refused()
    {
        Assert.Equal("\"abcde\"", Accepts("text", """{"maxLength":5}""", "\"abcde\""));
        Assert.Equal(["customFields.f"], Refuses("text", """{"maxLength":5}""", "\"abcdef\"").Keys);
    }

    [Theory]
    [InlineData("1\n2\n3\n4\n5\n6", true)]
    [InlineData("1\r\n2\r\n3\r\n4\r\n5\r\n6", true)]
    [InlineData("1\n2\n3\n4\n5\n6\n7", false)]
    [InlineData("1\r2\r3\r4\r5\r6\r7", false)]
    public void Text_has_at_most_six_lines(string text, bool ok)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(text);
        if (ok) Accepts("text", null, json);
        else Assert.Contains("Use at most 6 lines.", Refuses("text", null, json)["customFields.f"]);
    }

    [Fact]
    public void Textarea_has_any_number_of_lines() =>
        Accepts("textarea", null, System.Text.Json.JsonSerializer.Serialize(string.Join('\n', Enumerable.Range(0, 500))));

    [Theory]
    [InlineData("12")]
    [InlineData("true")]
    [InlineData("[\"a\"]")]
    [InlineData("{\"a\":1}")]
    [InlineData("\"a\\u0000b\"")]
    [InlineData("\"\\ud800\"")]
    public void Non_text_NUL_and_lone_surrogates_are_refused(string value) =>
        Assert.Equal(["customFields.f"], Refuses("text", null, value).Keys);

    [Fact]
    public void Text_indexes_the_whole_value_upper_cased_and_offers_equality()
    {
        Assert.Equal(["PARIS"], Type("text").ToIndexed(J("\"Paris\""), Settings("text")).Texts);
        Assert.Equal(["eq", "in", "empty"], Type("text").FilterOperators);
    }

    [Fact]
    public void Textarea_indexes_only_that_it_has_a_value()
    {
        var indexed = Type("textarea").ToIndexed(J($"\"{new string('x', 300)}\""), Settings("textarea"));
        Assert.True(indexed.PresenceOnly);
        Assert.Empty(indexed.Texts);
        Assert.Equal(["empty"], Type("textarea").FilterOperators);
    }

    [Fact]
    public void A_stored_text_longer_than_a_lowered_max_length_still_saves_unchanged()
    {
        Assert.Equal("\"abcdef\"", Accepts("text", """{"maxLength":5}""", "\"abcdef\"", unchangedFrom: "\"abcdef\""));
        Assert.Equal(["customFields.f"], Refuses("text", """{"maxLength":5}""", "\"abcdefg\"", unchangedFrom: "\"abcdef\"").Keys);
    }
}
