using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Rolodesk.Server.Components.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Tests.Components;

/// <summary>A bUnit context with MudBlazor, and a field editor bound to a value the test can read back.</summary>
public abstract class EditorTestContext : BunitContext
{
    protected EditorTestContext()
    {
        Services.AddMudServices();
        // Mud calls JS for focus, popovers and resizing; none of it matters to these tests.
        JSInterop.Mode = JSRuntimeMode.Loose;
        Provider = Render<MudPopoverProvider>();
    }

    /// <summary>Where open selects render their items.</summary>
    protected IRenderedComponent<MudPopoverProvider> Provider { get; }

    protected static JsonElement Settings(IFieldType type, string? json)
    {
        var errors = new ValidationErrors();
        var settings = type.ValidateSettings(json is null ? null : JsonDocument.Parse(json).RootElement, errors, "settings");
        Assert.False(errors.Any, string.Join("; ", errors.All.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));
        return settings!.Value;
    }

    protected static JsonElement J(string json) => JsonDocument.Parse(json).RootElement.Clone();

    protected BoundEditor Edit(string typeKey, string? settingsJson, string? valueJson = null, bool readOnly = false) =>
        Edit(FieldTypeRegistry.Default.Get(typeKey), Settings(FieldTypeRegistry.Default.Get(typeKey), settingsJson), valueJson, readOnly);

    protected BoundEditor Edit(IFieldType type, JsonElement settings, string? valueJson = null, bool readOnly = false)
    {
        var bound = new BoundEditor(type, settings) { Value = valueJson is null ? null : J(valueJson) };
        bound.Cut = Render<FieldValueEditor>(ps => ps
            .Add(p => p.Type, type)
            .Add(p => p.Settings, settings)
            .Add(p => p.Value, bound.Value)
            .Add(p => p.ValueChanged, v => { bound.Value = v; bound.Changes++; })
            .Add(p => p.Label, "Field")
            .Add(p => p.ReadOnly, readOnly)
            .Add(p => p.TestId, "cf-x"));
        return bound;
    }

    /// <summary>Opens the select with this data-testid (unless open) and clicks its option at this index (among those offered).</summary>
    public void Choose(BoundEditor editor, string testId, int option)
    {
        if (editor.Cut.Find($"[data-testid={testId}]").GetAttribute("aria-expanded") != "true") OpenSelect(editor, testId);
        Provider.FindAll("[role=option]")[option].Click();
    }

    /// <summary>Opens a select; its options render in the popover provider.</summary>
    public static void OpenSelect(BoundEditor editor, string testId) =>
        editor.Cut.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.MouseDown();

    /// <summary>The labels of the options an open select offers.</summary>
    public IReadOnlyList<string> Offered() => [.. Provider.FindAll("[role=option]").Select(o => o.TextContent.Trim())];

    /// <summary>The editor under test and the last value it emitted.</summary>
    public sealed class BoundEditor(IFieldType type, JsonElement settings)
    {
        public IRenderedComponent<FieldValueEditor> Cut { get; set; } = default!;
        public JsonElement? Value { get; set; }
        public int Changes { get; set; }

        /// <summary>Gives the emitted value back to the editor, as a parent binding would.</summary>
        public void Sync() => Cut.Render(ps => ps.Add(p => p.Value, Value));

        public string Raw => Value?.GetRawText() ?? "null";

        /// <summary>Whether the emitted value passes the type's own validation.</summary>
        public bool Valid()
        {
            var errors = new ValidationErrors();
            type.ValidateValue(Value ?? Json.Null, settings, errors, "value");
            return !errors.Any;
        }
    }
}
