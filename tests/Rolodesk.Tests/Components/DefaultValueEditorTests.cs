using System.Text.Json;
using Bunit;
using Rolodesk.Server.Components.Pages.ContactFields;
using Rolodesk.Server.Features.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;

namespace Rolodesk.Tests.Components;

/// <summary>The default value in the field dialog: the type's editor, driven by the settings being typed.</summary>
public sealed class DefaultValueEditorTests : EditorTestContext
{
    private IRenderedComponent<DefaultValueEditor> Render(FieldFormModel model, string? error = null) =>
        Render<DefaultValueEditor>(ps => ps.Add(p => p.Model, model).Add(p => p.Error, error));

    [Fact]
    public void A_drop_down_default_is_chosen_among_the_options_just_typed()
    {
        var model = new FieldFormModel { Type = "dropdown" };
        var cut = Render(model);
        // No options yet: the type refuses the settings, so there is nothing to choose from.
        Assert.NotNull(cut.Find("[data-testid=default-unavailable]"));

        model.Options.Add(new OptionModel { Id = "gold", Label = "Gold" });
        model.Options.Add(new OptionModel { Id = "silver", Label = "Silver" });
        cut.Render();
        cut.Find("[data-testid=default-value]").Closest(".mud-input-control")!.MouseDown();
        // The popover renders its items asynchronously (seen empty once in CI): wait for them.
        Provider.WaitForAssertion(() => Assert.Equal(["Gold", "Silver"], Provider.FindAll("[role=option]").Select(o => o.TextContent.Trim())));
        Provider.FindAll("[role=option]")[1].Click();

        // The select hands its value on asynchronously too.
        cut.WaitForAssertion(() => Assert.Equal("\"silver\"",
            model.ToRequest([]).DefaultValue is { ValueKind: not JsonValueKind.Undefined } d ? d.GetRawText() : "(not set)"));
    }

    [Fact]
    public void Clearing_sends_null_and_an_untouched_default_is_left_out()
    {
        var field = new FieldResponse(1, "seats", "Seats", "users", 1, 0, "number", J("""{"min":0,"max":10,"step":1,"decimalPlaces":0}"""),
            J("3"), [], null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var model = FieldFormModel.From(field, FieldTypeRegistry.Default.Find("number"));
        // Unchanged: undefined, so the writer keeps (or converts) the stored default.
        Assert.Equal(JsonValueKind.Undefined, model.ToRequest([]).DefaultValue.ValueKind);

        var cut = Render(model);
        Assert.Equal("3", cut.Find("input[data-testid=default-value]").GetAttribute("value"));
        cut.Find("[data-testid=default-value-plus]").Click();
        Assert.Equal("4", model.ToRequest([]).DefaultValue.GetRawText());

        cut.Find("[data-testid=default-clear]").Click();
        Assert.Equal(JsonValueKind.Null, model.ToRequest([]).DefaultValue.ValueKind);
    }

    [Fact]
    public void A_type_switch_starts_the_editor_empty_and_shows_the_writers_error()
    {
        var model = new FieldFormModel { Type = "text" };
        var cut = Render(model, error: "Must be at most 1.");
        cut.Find("input[data-testid=default-value], textarea[data-testid=default-value]").Input("hello");
        Assert.Equal("\"hello\"", model.ToRequest([]).DefaultValue.GetRawText());
        Assert.Contains("Must be at most 1.", cut.Markup, StringComparison.Ordinal);

        model.Type = "number";
        cut.Render();
        Assert.Null(cut.Find("input[data-testid=default-value]").GetAttribute("value"));
        // The text typed for the other type is not sent as the number's default.
        Assert.Equal(JsonValueKind.Undefined, model.ToRequest([]).DefaultValue.ValueKind);
    }
}
