using static Rolodesk.Tests.ContactFields.Types.FieldTypeTesting;

namespace Rolodesk.Tests.ContactFields.Types;

public sealed class NestedFieldTypeTests
{
    private const string Places = """
        {"leafRequired":false,"options":[
          {"id":"eu","label":"Europe","children":[
            {"id":"fr","label":"France","children":[{"id":"paris","label":"Paris"},{"id":"lyon","label":"Lyon","archived":true}]},
            {"id":"de","label":"Germany"}]},
          {"id":"as","label":"Asia"}]}
        """;

    private static string Leaf => Places.Replace("\"leafRequired\":false", "\"leafRequired\":true");

    [Theory]
    [InlineData("""["eu"]""")]
    [InlineData("""["eu","fr"]""")]
    [InlineData("""["eu","fr","paris"]""")]
    [InlineData("""["as"]""")]
    public void Any_path_from_a_root_passes(string value) => Assert.Equal(value, Accepts("nested", Places, value));

    [Fact]
    public void An_empty_path_is_no_value() => Assert.Equal("null", Accepts("nested", Places, "[]"));

    [Theory]
    [InlineData("""["fr"]""", "customFields.f[0]")]
    [InlineData("""["eu","paris"]""", "customFields.f[1]")]
    [InlineData("""["eu","de","paris"]""", "customFields.f[2]")]
    [InlineData("""["eu",3]""", "customFields.f[1]")]
    [InlineData("""["eu","fr","lyon"]""", "customFields.f[2]")]
    [InlineData("\"eu\"", "customFields.f")]
    public void Broken_paths_are_refused_at_the_offending_id(string value, string path) =>
        Assert.Equal([path], Refuses("nested", Places, value).Keys);

    [Fact]
    public void Leaf_required_refuses_a_path_stopping_early()
    {
        Assert.Equal(["customFields.f"], Refuses("nested", Leaf, """["eu","fr"]""").Keys);
        Accepts("nested", Leaf, """["eu","fr","paris"]""");
        Accepts("nested", Leaf, """["eu","de"]""");
    }

    [Fact]
    public void An_unchanged_archived_path_passes() =>
        Accepts("nested", Places, """["eu","fr","lyon"]""", unchangedFrom: """["eu","fr","lyon"]""");

    [Theory]
    [InlineData("""{"options":[{"id":"a","label":"A"}]}""", "settings.options")]
    [InlineData("""{"options":[]}""", "settings.options")]
    [InlineData("""{"options":[{"id":"a","label":"A","children":[]}]}""", "settings.options[0].children")]
    [InlineData("""{"options":[{"id":"a","label":"A","children":[{"id":"a","label":"B"}]}]}""", "settings.options[0].children[0].id")]
    [InlineData("""{"options":[{"id":"a","label":"A","children":[{"id":"b","label":""}]}]}""", "settings.options[0].children[0].label")]
    [InlineData("""{"options":[{"id":"a","label":"A","children":[{"id":"b","label":"B","position":1}]}]}""", "settings.options[0].children[0].position")]
    [InlineData("""{"options":[{"id":"a","label":"A","children":[{"id":"b","label":"B"},{"id":"c","label":"b"}]}]}""", "settings.options[0].children[1].label")]
    [InlineData("""{"options":[{"id":"a","label":"A","children":[{"id":"b","label":"B"}]}],"leafRequired":1}""", "settings.leafRequired")]
    public void Invalid_trees_are_refused_by_their_path(string settings, string path) =>
        Assert.Contains(path, SettingsErrors("nested", settings).Keys);

    [Fact]
    public void Normalised_tree_drops_null_children_and_fills_defaults() =>
        Assert.Equal(
            """{"options":[{"id":"a","label":"A","archived":false,"children":[{"id":"b","label":"B","archived":false}]}],"leafRequired":false}""",
            Settings("nested", """{"options":[{"id":"a","label":"A","children":[{"id":"b","label":"B","children":null}]}]}""").GetRawText());

    [Fact]
    public void Indexed_as_one_text_per_prefix_so_prefix_filtering_is_equality() =>
        Assert.Equal(["eu", "eu/fr", "eu/fr/paris"], Type("nested").ToIndexed(J("""["eu","fr","paris"]"""), Settings("nested", Places)).Texts);

    [Fact]
    public void Text_form_is_labels_joined_and_parses_back()
    {
        var type = Type("nested");
        var settings = Settings("nested", Places);
        Assert.Equal("Europe / France / Paris", type.FormatText(J("""["eu","fr","paris"]"""), settings));
        var errors = new Rolodesk.Server.Infrastructure.ValidationErrors();
        Assert.Equal("""["eu","fr","paris"]""", type.ParseText("europe/France / paris", settings, errors, "c")!.Value.GetRawText());
        Assert.Null(type.ParseText("Europe / Spain", settings, errors, "c"));
        Assert.Equal(["c"], errors.All.Keys);
    }
}
