using System.Text.Json;
using Bunit;
using Rolodesk.Server.Components.ContactFields;
using Rolodesk.Server.Components.ContactFields.Editors;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Tests.Components;

/// <summary>
/// CONVENTIONS.md: one contract test runs over every registered type — here, "editor present":
/// each type has an editor by key, taking its settings record, that renders and emits a value the
/// type accepts. A new type without an editor, or without a way to drive it here, fails.
/// </summary>
public sealed class FieldEditorContractTests : EditorTestContext
{
    public static TheoryData<string> TypeKeys() => [.. FieldTypeRegistry.Default.All.Select(t => t.Key)];

    /// <summary>How a person gives each editor a value; the type's defaults if they are valid, else the first candidate that is.</summary>
    private static readonly Dictionary<string, Action<EditorTestContext, BoundEditor>> Drivers = new()
    {
        ["text"] = (_, e) => e.Cut.Find("[data-testid=cf-x]").Input("hello"),
        ["textarea"] = (_, e) => e.Cut.Find("[data-testid=cf-x]").Input("hello\nworld"),
        ["dropdown"] = (ctx, e) => ctx.Choose(e, "cf-x", 0),
        ["checkbox"] = (_, e) => e.Cut.Find("input[type=checkbox]").Change(true),
        ["date"] = (_, e) => e.Cut.Find("[data-testid=cf-x]").Change("2025-01-31"),
        ["number"] = (_, e) => e.Cut.Find("[data-testid=cf-x-plus]").Click(),
        ["nested"] = (ctx, e) =>
        {
            ctx.Choose(e, "cf-x-level-0", 0);
            e.Sync();
            ctx.Choose(e, "cf-x-level-1", 0);
        },
    };

    private static readonly string?[] CandidateSettings =
    [
        null,
        """{"options":[{"id":"a","label":"A"},{"id":"b","label":"B"}]}""",
        """{"options":[{"id":"a","label":"A","children":[{"id":"a1","label":"A one"}]},{"id":"b","label":"B"}]}""",
    ];

    internal static JsonElement ValidSettings(IFieldType type)
    {
        foreach (var candidate in CandidateSettings)
        {
            var errors = new ValidationErrors();
            var settings = type.ValidateSettings(candidate is null ? null : JsonDocument.Parse(candidate).RootElement, errors, "settings");
            if (settings is { } s) return s;
        }
        throw new InvalidOperationException($"No candidate settings suit the type '{type.Key}': add one.");
    }

    [Theory, MemberData(nameof(TypeKeys))]
    public void Every_type_has_an_editor_taking_its_settings_record(string key)
    {
        var editor = FieldEditors.For(key);
        Assert.NotNull(editor);
        var type = FieldTypeRegistry.Default.Get(key);
        var settingsRecord = type.ParseSettings(ValidSettings(type)).GetType();
        Assert.True(typeof(FieldEditorBase<>).MakeGenericType(settingsRecord).IsAssignableFrom(editor),
            $"The editor of '{key}' must derive from FieldEditorBase<{settingsRecord.Name}>.");
    }

    [Theory, MemberData(nameof(TypeKeys))]
    public void Every_editor_renders_and_emits_a_value_its_type_accepts(string key)
    {
        var type = FieldTypeRegistry.Default.Get(key);
        var editor = Edit(type, ValidSettings(type));
        Assert.NotEmpty(editor.Cut.FindAll("[data-testid^=cf-x]"));
        Assert.True(Drivers.TryGetValue(key, out var drive), $"Add a driver for '{key}' to this test.");

        drive(this, editor);

        Assert.True(editor.Changes > 0, "The editor emitted nothing.");
        Assert.NotEqual(JsonValueKind.Null, editor.Value!.Value.ValueKind);
        Assert.True(editor.Valid(), $"'{key}' emitted {editor.Raw}, which its type refuses.");
    }

    [Theory, MemberData(nameof(TypeKeys))]
    public void Every_editor_read_only_shows_the_formatted_text(string key)
    {
        var type = FieldTypeRegistry.Default.Get(key);
        var settings = ValidSettings(type);
        var editor = Edit(type, settings);
        Drivers[key](this, editor);
        var value = editor.Value!.Value;

        var shown = Edit(type, settings, value.GetRawText(), readOnly: true);

        Assert.Contains(type.FormatText(value, settings), shown.Cut.Find("[data-testid=cf-x]").TextContent, StringComparison.Ordinal);
        Assert.Empty(shown.Cut.FindAll("input, textarea"));
    }
}
