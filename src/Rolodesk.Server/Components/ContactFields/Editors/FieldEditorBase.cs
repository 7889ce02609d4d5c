using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Rolodesk.Server.Features.ContactFields.Types;

namespace Rolodesk.Server.Components.ContactFields.Editors;

/// <summary>
/// What every value editor receives from <see cref="FieldValueEditor"/>: the type's parsed settings
/// record, the stored JSON value, and where to send a new value. Editors emit values in the type's
/// stored form only (JSON null for "no value"), so what they send passes the type's ValidateValue.
/// </summary>
public abstract class FieldEditorBase<TSettings> : ComponentBase where TSettings : class
{
    /// <summary>The record returned by the type's ParseSettings.</summary>
    [Parameter, EditorRequired] public TSettings Settings { get; set; } = default!;
    [Parameter] public JsonElement? Value { get; set; }
    [Parameter] public EventCallback<JsonElement?> ValueChanged { get; set; }
    [Parameter] public string Label { get; set; } = "";
    [Parameter] public bool Required { get; set; }
    /// <summary>The message to show under the editor, if any.</summary>
    [Parameter] public string? Error { get; set; }
    /// <summary>data-testid of the main input; parts get suffixes ("-plus", "-level-1").</summary>
    [Parameter] public string TestId { get; set; } = "";

    protected bool HasError => Error is not null;

    /// <summary>The stored value as a string, or null when it is not one.</summary>
    protected string? StoredString => Value is { ValueKind: JsonValueKind.String } v ? Json.ReadString(v, out _) : null;

    protected Task EmitAsync(JsonElement value) => ValueChanged.InvokeAsync(value);

    protected Task EmitTextAsync(string? text) => EmitAsync(string.IsNullOrEmpty(text) ? Json.Null : Json.From(text));

    /// <summary>HTML attributes for a Mud component's UserAttributes (Mud refuses unknown attributes written inline).</summary>
    protected Dictionary<string, object> Attributes(string? suffix = null, string? style = null, string? ariaLabel = null)
    {
        var attributes = new Dictionary<string, object> { ["data-testid"] = suffix is null ? TestId : $"{TestId}-{suffix}" };
        if (style is not null) attributes["style"] = style;
        if (ariaLabel is not null) attributes["aria-label"] = ariaLabel;
        return attributes;
    }
}
