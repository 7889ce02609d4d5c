using Bunit;

namespace Rolodesk.Tests.Components;

/// <summary>The rules of issue #3 point 3 as a person meets them in each editor.</summary>
public sealed class EditorBehaviourTests : EditorTestContext
{
    private const string Quarters = """{"min":0,"max":1,"step":0.25,"decimalPlaces":2}""";

    private const string Tree = """
        {"options":[
          {"id":"eu","label":"Europe","children":[
            {"id":"fr","label":"France","children":[{"id":"paris","label":"Paris"}]},
            {"id":"de","label":"Germany"},
            {"id":"old","label":"Old","archived":true}]},
          {"id":"us","label":"USA","children":[{"id":"ny","label":"New York"}]}]}
        """;

    [Fact]
    public void Number_counter_steps_within_bounds_and_stops_at_max()
    {
        var e = Edit("number", Quarters);
        var seen = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            e.Cut.Find("[data-testid=cf-x-plus]").Click();
            e.Sync();
            seen.Add(e.Raw);
            Assert.True(e.Valid());
        }
        Assert.Equal(["0", "0.25", "0.5", "0.75", "1"], seen);
        Assert.True(e.Cut.Find("[data-testid=cf-x-plus]").HasAttribute("disabled"));
        Assert.False(e.Cut.Find("[data-testid=cf-x-minus]").HasAttribute("disabled"));

        e.Cut.Find("[data-testid=cf-x-minus]").Click();
        e.Sync();
        Assert.Equal("0.75", e.Raw);
    }

    [Fact]
    public void Number_counter_is_exact_in_decimals_and_disabled_at_min()
    {
        var e = Edit("number", """{"min":0,"decimalPlaces":1}""", "0.1");
        e.Cut.Find("[data-testid=cf-x-plus]").Click();
        e.Sync();
        Assert.Equal("0.2", e.Raw);
        e.Cut.Find("[data-testid=cf-x-plus]").Click();
        e.Sync();
        Assert.Equal("0.3", e.Raw); // decimal, not double: never 0.30000000000000004
        e.Sync();

        var atMin = Edit("number", Quarters, "0");
        Assert.True(atMin.Cut.Find("[data-testid=cf-x-minus]").HasAttribute("disabled"));
    }

    [Fact]
    public void Number_typed_out_of_range_is_named_at_once()
    {
        var e = Edit("number", Quarters);
        e.Cut.Find("[data-testid=cf-x]").Change("5");
        Assert.Equal("5", e.Raw);
        Assert.Contains("Must be at most 1.", e.Cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nested_levels_follow_the_previous_choice()
    {
        var e = Edit("nested", Tree);
        Assert.Empty(e.Cut.FindAll("[data-testid=cf-x-level-1]"));

        Choose(e, "cf-x-level-0", 0); // Europe
        e.Sync();
        Assert.Equal("""["eu"]""", e.Raw);
        OpenSelect(e, "cf-x-level-1");
        Assert.Equal(["France", "Germany"], Offered()); // its live children only

        Choose(e, "cf-x-level-1", 0);
        e.Sync();
        Assert.Equal("""["eu","fr"]""", e.Raw);
        Assert.NotEmpty(e.Cut.FindAll("[data-testid=cf-x-level-2]"));
        Assert.True(e.Valid());

        // Changing the root clears the levels below it.
        await e.Cut.InvokeAsync(() => e.Cut.FindComponents<MudBlazor.MudSelect<string>>()[0].Instance.ValueChanged.InvokeAsync("us"));
        e.Sync();
        Assert.Equal("""["us"]""", e.Raw);
        Assert.Empty(e.Cut.FindAll("[data-testid=cf-x-level-2]"));
        OpenSelect(e, "cf-x-level-1");
        Assert.Equal(["New York"], Offered());
    }

    [Fact]
    public void Dropdown_shows_an_archived_value_but_does_not_offer_it()
    {
        var e = Edit("dropdown", """{"options":[{"id":"a","label":"Alpha"},{"id":"b","label":"Beta","archived":true}]}""", "\"b\"");
        Assert.Equal("Beta (archived)", e.Cut.Find("[data-testid=cf-x]").GetAttribute("value"));
        OpenSelect(e, "cf-x");
        Assert.Equal(["Alpha"], Offered());

        Choose(e, "cf-x", 0);
        Assert.Equal("\"a\"", e.Raw);
    }

    [Fact]
    public void Text_refuses_a_seventh_line()
    {
        var e = Edit("text", null);
        e.Cut.Find("[data-testid=cf-x]").Input("1\n2\n3\n4\n5\n6\n7");
        Assert.Equal("\"1\\n2\\n3\\n4\\n5\\n6\"", e.Raw);
        Assert.True(e.Valid());
        Assert.Contains("Use at most 6 lines.", e.Cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Textarea_can_be_resized_vertically()
    {
        var e = Edit("textarea", null, "\"a\\nb\"");
        Assert.NotNull(e.Cut.Find(".cf-textarea textarea[data-testid=cf-x]"));
        Assert.Contains("resize: vertical", e.Cut.Find(".cf-textarea style").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_only_shows_labels_not_ids()
    {
        Assert.Contains("Europe / France", Edit("nested", Tree, """["eu","fr"]""", readOnly: true).Cut.Find("[data-testid=cf-x]").TextContent,
            StringComparison.Ordinal);
        Assert.Contains("Alpha", Edit("dropdown", """{"options":[{"id":"a","label":"Alpha"}]}""", "\"a\"", readOnly: true)
            .Cut.Find("[data-testid=cf-x]").TextContent, StringComparison.Ordinal);
    }
}
