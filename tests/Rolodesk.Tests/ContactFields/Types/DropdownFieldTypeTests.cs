using static Rolodesk.Tests.ContactFields.Types.FieldTypeTesting;

namespace Rolodesk.Tests.ContactFields.Types;

public sealed class DropdownFieldTypeTests
{
    private const string Priority = """
        {"options":[
          {"id":"high","label":"High","position":2},
          {"id":"low","label":"Low","position":0},
          {"id":"mid","label":"Medium","position":1},
          {"id":"old","label":"Legacy","position":3,"archived":true}]}
        """;

    [Fact]
    public void Options_are_ordered_by_position_and_renumbered()
    {
        var settings = Settings("dropdown", """{"options":[{"id":"b","label":"B","position":7},{"id":"a","label":"A","position":3}]}""");
        Assert.Equal(
            """{"options":[{"id":"a","label":"A","position":0,"archived":false},{"id":"b","label":"B","position":1,"archived":false}]}""",
            settings.GetRawText());
    }

    [Fact]
    public void Options_without_position_keep_their_order_and_labels_are_trimmed() =>
        Assert.Equal(
            """{"options":[{"id":"x","label":"X","position":0,"archived":false},{"id":"y","label":"Y","position":1,"archived":false}]}""",
            Settings("dropdown", """{"options":[{"id":"x","label":" X "},{"id":"y","label":"Y"}]}""").GetRawText());

    [Theory]
    [InlineData("""{"options":[]}""", "settings.options")]
    [InlineData("""{}""", "settings.options")]
    [InlineData("""{"options":{}}""", "settings.options")]
    [InlineData("""{"options":[1]}""", "settings.options[0]")]
    [InlineData("""{"options":[{"id":"a","label":"A"},{"id":"a","label":"B"}]}""", "settings.options[1].id")]
    [InlineData("""{"options":[{"id":"a","label":"A"},{"id":"","label":"B"}]}""", "settings.options[1].id")]
    [InlineData("""{"options":[{"id":"A b","label":"A"}]}""", "settings.options[0].id")]
    [InlineData("""{"options":[{"id":"a","label":"  "}]}""", "settings.options[0].label")]
    [InlineData("""{"options":[{"id":"a","label":"High"},{"id":"b","label":"high"}]}""", "settings.options[1].label")]
    [InlineData("""{"options":[{"id":"a","label":"A","colour":"red"}]}""", "settings.options[0].colour")]
    [InlineData("""{"options":[{"id":"a","label":"A","archived":"no"}]}""", "settings.options[0].archived")]
    [InlineData("""{"options":[{"id":"a","label":"A","position":-1}]}""", "settings.options[0].position")]
    public void Invalid_options_are_refused_by_their_path(string settings, string path) =>
        Assert.Contains(path, SettingsErrors("dropdown", settings).Keys);

    [Fact]
    public void An_archived_option_may_share_a_live_options_label() =>
        Settings("dropdown", """{"options":[{"id":"a","label":"A"},{"id":"b","label":"a","archived":true}]}""");

    [Fact]
    public void All_errors_come_at_once() =>
        Assert.Equal(["settings.options[0].id", "settings.options[1].label"],
            SettingsErrors("dropdown", """{"options":[{"id":"#","label":"A"},{"id":"b","label":""}]}""").Keys.Order());

    [Fact]
    public void A_live_option_id_is_a_value() => Assert.Equal("\"mid\"", Accepts("dropdown", Priority, "\"mid\""));

    [Theory]
    [InlineData("\"nope\"")]
    [InlineData("\"High\"")]
    [InlineData("1")]
    [InlineData("[\"high\"]")]
    public void Unknown_ids_labels_and_other_kinds_are_refused(string value) =>
        Assert.Equal(["customFields.f"], Refuses("dropdown", Priority, value).Keys);

    [Fact]
    public void An_archived_option_is_refused_for_new_writes_but_an_unchanged_one_passes()
    {
        Assert.Contains("archived", Refuses("dropdown", Priority, "\"old\"")["customFields.f"][0]);
        Assert.Contains("archived", Refuses("dropdown", Priority, "\"old\"", unchangedFrom: "\"high\"")["customFields.f"][0]);
        Assert.Equal("\"old\"", Accepts("dropdown", Priority, "\"old\"", unchangedFrom: "\"old\""));
    }

    [Fact]
    public void Indexed_by_id_shown_by_label_parsed_by_label()
    {
        var type = Type("dropdown");
        var settings = Settings("dropdown", Priority);
        Assert.Equal(["mid"], type.ToIndexed(J("\"mid\""), settings).Texts);
        Assert.Equal("Medium", type.FormatText(J("\"mid\""), settings));
        var errors = new Rolodesk.Server.Infrastructure.ValidationErrors();
        Assert.Equal("\"mid\"", type.ParseText("medium", settings, errors, "c")!.Value.GetRawText());
        Assert.Null(type.ParseText("Legacy", settings, errors, "c"));
        Assert.Null(type.ParseText("Nope", settings, errors, "c"));
        Assert.Equal(["c"], errors.All.Keys);
    }

    [Fact]
    public void Parsed_settings_and_boxed_json_settings_validate_alike()
    {
        var type = Type("dropdown");
        var json = Settings("dropdown", Priority);
        System.Text.Json.JsonElement? nullable = json;
        var errors = new Rolodesk.Server.Infrastructure.ValidationErrors();
        Assert.Equal("\"mid\"", type.ValidateValue(J("\"mid\""), type.ParseSettings(json), errors, "p")!.Value.GetRawText());
        Assert.Equal("\"mid\"", type.ValidateValue(J("\"mid\""), (object)nullable, errors, "p")!.Value.GetRawText());
        Assert.False(errors.Any);
    }
}
