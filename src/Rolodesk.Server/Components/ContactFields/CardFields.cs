using System.Text.Json;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;

namespace Rolodesk.Server.Components.ContactFields;

/// <summary>A field group as a card shows it: its name and its fields in position order.</summary>
public sealed record CardFieldGroup(int Id, string Name, IReadOnlyList<CardField> Fields);

/// <summary>
/// One custom field on a card, with what the acting user may do with it (fields the actor may not
/// display are never put here). ParsedSettings, when given, saves parsing the settings per render.
/// </summary>
public sealed record CardField(string Key, string Name, IFieldType Type, JsonElement Settings, FieldAccessLevel Access, object? ParsedSettings = null)
{
    public bool CanEdit => Access >= FieldAccessLevel.Edit;
    public bool IsMandatory => Access >= FieldAccessLevel.Mandatory;
}
