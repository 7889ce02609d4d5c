using System.Collections.Frozen;
using Rolodesk.Server.Components.ContactFields.Editors;

namespace Rolodesk.Server.Components.ContactFields;

/// <summary>
/// The Blazor editor of each field type, by type key (CONVENTIONS.md: "the Blazor editor is found
/// by key"). A new type adds one line here; the contract test fails while a registered type lacks one.
/// </summary>
public static class FieldEditors
{
    private static readonly FrozenDictionary<string, Type> Editors = new Dictionary<string, Type>
    {
        ["text"] = typeof(TextEditor),
        ["textarea"] = typeof(TextareaEditor),
        ["dropdown"] = typeof(DropdownEditor),
        ["checkbox"] = typeof(CheckboxEditor),
        ["date"] = typeof(DateEditor),
        ["number"] = typeof(NumberEditor),
        ["nested"] = typeof(NestedEditor),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The editor component type (a <see cref="FieldEditorBase{TSettings}"/>), or null for an unknown key.</summary>
    public static Type? For(string typeKey) => Editors.GetValueOrDefault(typeKey);

    public static IReadOnlyCollection<string> Keys => Editors.Keys;
}
