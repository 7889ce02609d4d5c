using System.Text.Json;
using Rolodesk.Server.Features.ContactFields.Types;

namespace Rolodesk.Server.Components.Pages.ContactFields;

/// <summary>
/// The default value being edited in the field dialog. A value belongs to the type it was chosen
/// for: after a type switch the editor starts empty, and a default left untouched is not sent, so
/// the writer keeps the stored one (converting it to a new type only when that is lossless).
/// </summary>
public sealed class DefaultValueModel
{
    /// <summary>The value; null = no default.</summary>
    public JsonElement? Value { get; private set; }
    /// <summary>The type key the value was chosen for.</summary>
    public string? Type { get; private set; }
    /// <summary>Set or cleared in this dialog (otherwise the stored default stays as it is).</summary>
    public bool Touched { get; private set; }

    public static DefaultValueModel From(JsonElement? stored, string type) =>
        new() { Value = stored is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } v ? v.Clone() : null, Type = type };

    /// <summary>The value shown in the editor of this type.</summary>
    public JsonElement? ValueFor(string type) => Type == type ? Value : null;

    public void Set(string type, JsonElement? value) =>
        (Value, Type, Touched) = (value is { ValueKind: not JsonValueKind.Null } v ? v.Clone() : null, type, true);

    /// <summary>What FieldRequest.DefaultValue carries: undefined (unchanged) unless set or cleared here for this type.</summary>
    public JsonElement ToRequest(string type) => Touched && Type == type ? Value ?? Json.Null : default;
}
