using System.Text.Json;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;
using static Rolodesk.Tests.ContactFields.Types.FieldTypeTesting;

namespace Rolodesk.Tests.ContactFields.Types;

/// <summary>What every registered type promises; a new type is covered by registering it.</summary>
public sealed class FieldTypeContractTests
{
    public static TheoryData<string> Keys => [.. FieldTypeRegistry.Default.All.Select(t => t.Key).Order()];

    /// <summary>Settings worth round-tripping per type, beyond the defaults: the richest a type accepts.</summary>
    private static readonly Dictionary<string, string> Rich = new()
    {
        ["text"] = """{"maxLength":20}""",
        ["textarea"] = """{"maxLength":5000}""",
        ["dropdown"] = """{"options":[{"id":"b","label":" B ","position":9},{"id":"a","label":"A","archived":true}]}""",
        ["checkbox"] = "{}",
        ["date"] = """{"min":"2020-01-01","max":"2030-12-31"}""",
        ["number"] = """{"min":-1.50,"max":10,"step":0.25,"decimalPlaces":2}""",
        ["nested"] = """{"leafRequired":true,"options":[{"id":"a","label":"A","children":[{"id":"b","label":"B","children":[{"id":"c","label":"C"}]}]}]}""",
    };

    /// <summary>One valid value per type under its rich settings.</summary>
    internal static readonly Dictionary<string, string> Sample = new()
    {
        ["text"] = "\"hello\"",
        ["textarea"] = "\"a\\nb\"",
        ["dropdown"] = "\"b\"",
        ["checkbox"] = "true",
        ["date"] = "\"2024-02-29\"",
        ["number"] = "2.25",
        ["nested"] = """["a","b","c"]""",
    };

    internal static string RichSettings(string key) => Rich.TryGetValue(key, out var s) ? s : "{}";

    [Fact]
    public void The_seven_types_of_the_spec_are_registered() =>
        Assert.Equal(["checkbox", "date", "dropdown", "nested", "number", "text", "textarea"], FieldTypeRegistry.Default.All.Select(t => t.Key).Order());

    [Theory, MemberData(nameof(Keys))]
    public void Key_is_lowercase_and_names_are_present(string key)
    {
        var type = Type(key);
        Assert.Matches("^[a-z]+$", type.Key);
        Assert.False(string.IsNullOrWhiteSpace(type.DisplayName));
        Assert.Same(type, FieldTypeRegistry.Default.Find(key));
        Assert.Contains(FilterOperator.Empty, type.FilterOperators);
        Assert.True(type.SupportsDefault);
    }

    [Theory, MemberData(nameof(Keys))]
    public void Settings_round_trip(string key)
    {
        foreach (var source in new[] { null, "{}", RichSettings(key) })
        {
            if (source is null or "{}" && key is "dropdown" or "nested") continue; // options are required
            var once = Settings(key, source);
            var twice = Settings(key, once.GetRawText());
            Assert.True(JsonElement.DeepEquals(once, twice), $"{key}: {once.GetRawText()} became {twice.GetRawText()}");
        }
    }

    [Theory, MemberData(nameof(Keys))]
    public void Null_settings_give_usable_defaults_or_name_what_is_missing(string key)
    {
        var errors = new ValidationErrors();
        var settings = Type(key).ValidateSettings(null, errors, "settings");
        if (key is "dropdown" or "nested")
        {
            Assert.Equal(["settings.options"], errors.All.Keys); // a list without options is refused
            return;
        }
        var value = key switch { "checkbox" => "false", "date" => "\"2024-01-31\"", "number" => "-42", _ => "\"x\"" };
        Assert.Equal(value, Type(key).ValidateValue(J(value), settings!.Value, errors, "v")!.Value.GetRawText());
        Assert.False(errors.Any);
    }

    [Theory, MemberData(nameof(Keys))]
    public void Unknown_settings_and_wrong_kinds_are_refused_without_exception(string key)
    {
        Assert.Contains("settings.surprise", SettingsErrors(key, """{"surprise":1}""").Keys);
        foreach (var json in new[] { "1", "\"x\"", "[]", "true" })
            Assert.Equal(["settings"], SettingsErrors(key, json).Keys);
    }

    [Theory, MemberData(nameof(Keys))]
    public void Wrong_json_kinds_are_refused_without_exception(string key)
    {
        var settings = Settings(key, RichSettings(key));
        foreach (var json in new[] { "{}", "{\"a\":1}", "[[1]]", "\"\\u0000\"", "-0.0000000000001", "1e999" })
        {
            var errors = new ValidationErrors();
            Assert.Null(Type(key).ValidateValue(J(json), settings, errors, "customFields.x"));
            Assert.All(errors.All.Keys, k => Assert.StartsWith("customFields.x", k));
            Assert.True(errors.Any, $"{key} accepted {json}");
        }
    }

    [Theory, MemberData(nameof(Keys))]
    public void A_valid_value_indexes_formats_parses_back_and_round_trips(string key)
    {
        var type = Type(key);
        var settings = Settings(key, RichSettings(key));
        var stored = J(Accepts(key, RichSettings(key), Sample[key]));
        Assert.Equal(stored.GetRawText(), Accepts(key, RichSettings(key), stored.GetRawText()));
        Assert.NotEqual(IndexedValue.None, type.ToIndexed(stored, settings));
        Assert.Equal(IndexedValue.None, type.ToIndexed(J("null"), settings));
        var errors = new ValidationErrors();
        var parsed = type.ParseText(type.FormatText(stored, settings), settings, errors, "c");
        Assert.True(JsonElement.DeepEquals(stored, parsed!.Value), $"{key}: {parsed.Value.GetRawText()}");
        Assert.True(type.TryConvertFrom(type, stored, settings, settings, out var same) && JsonElement.DeepEquals(same, stored));
    }

    [Theory, MemberData(nameof(Keys))]
    public void Null_is_no_value_for_every_type(string key) =>
        Assert.Equal("null", Accepts(key, RichSettings(key), "null"));

    [Theory, MemberData(nameof(Keys))]
    public void Index_text_and_conversions_never_throw_on_unexpected_values(string key)
    {
        var settings = Settings(key, RichSettings(key));
        foreach (var json in new[] { "{}", "[1,{}]", "\"\\ud800\"", "1e999", "\"zz\"", "true", "[\"a\",\"zz\",\"b\"]" })
        {
            Type(key).ToIndexed(J(json), settings);
            Type(key).FormatText(J(json), settings);
            foreach (var to in FieldTypeRegistry.Default.All)
                to.TryConvertFrom(Type(key), J(json), settings, Settings(to.Key, RichSettings(to.Key)), out _);
        }
    }

    [Theory, MemberData(nameof(Keys))]
    public void Settings_keep_every_value_they_accept_and_nothing_but_null_without_them(string key)
    {
        var settings = Settings(key, RichSettings(key));
        Assert.True(Type(key).Keeps(J(Sample[key]), settings));
        Assert.True(Type(key).Keeps(J("null"), settings));
        // Only types whose values point at options can strand a value; an unknown option is stranded.
        if (key is "dropdown") Assert.False(Type(key).Keeps(J("\"gone\""), settings));
        if (key is "nested") Assert.False(Type(key).Keeps(J("""["a","x"]"""), settings));
    }
}
