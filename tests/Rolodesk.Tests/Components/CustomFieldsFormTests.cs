using System.Text.Json;
using Bunit;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Components.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;

namespace Rolodesk.Tests.Components;

public sealed class CustomFieldsFormTests : EditorTestContext
{
    private static CardField Field(string key, string type, string? settings, FieldAccessLevel access)
    {
        var t = FieldTypeRegistry.Default.Get(type);
        return new CardField(key, key.ToUpperInvariant(), t, Settings(t, settings), access);
    }

    private static readonly IReadOnlyList<CardFieldGroup> Groups =
    [
        new(2, "Second", [Field("note", "text", null, FieldAccessLevel.Display)]),
        new(1, "First", [Field("size", "number", """{"min":0,"max":3}""", FieldAccessLevel.Mandatory)]),
    ];

    private IRenderedComponent<CustomFieldsForm> Form(Dictionary<string, JsonElement?> values, bool editing) =>
        Render<CustomFieldsForm>(ps => ps
            .Add(p => p.Groups, Groups)
            .Add(p => p.Values, values)
            .Add(p => p.Editing, editing)
            .Add(p => p.Errors, path => path == "customFields.size" ? "This field is mandatory." : null));

    [Fact]
    public void Groups_render_in_the_given_order_read_only_when_not_editing()
    {
        var form = Form(new() { ["note"] = J("\"hello\"") }, editing: false);
        Assert.Equal(["cf-group-2", "cf-group-1"], form.FindAll("section").Select(s => s.GetAttribute("data-testid")));
        Assert.Contains("hello", form.Find("[data-testid=cf-note]").TextContent, StringComparison.Ordinal);
        Assert.Empty(form.FindAll("input, textarea"));
        Assert.DoesNotContain("This field is mandatory.", form.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_offers_editors_only_where_the_actor_may_edit_and_shows_errors()
    {
        var values = new Dictionary<string, JsonElement?> { ["note"] = J("\"hello\"") };
        var form = Form(values, editing: true);
        Assert.Empty(form.FindAll("textarea[data-testid=cf-note], input[data-testid=cf-note]")); // display only
        Assert.Contains("This field is mandatory.", form.Markup, StringComparison.Ordinal);

        form.Find("[data-testid=cf-size-plus]").Click();
        Assert.Equal("0", values["size"]!.Value.GetRawText());
    }
}
