using System.Collections.Frozen;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>All field types, by key. A new type is one class in this folder and one line here.</summary>
public sealed class FieldTypeRegistry
{
    private readonly FrozenDictionary<string, IFieldType> _types;

    public FieldTypeRegistry(IEnumerable<IFieldType> types) =>
        _types = types.ToFrozenDictionary(t => t.Key, StringComparer.Ordinal);

    public IReadOnlyCollection<IFieldType> All => _types.Values;

    public IFieldType? Find(string? key) => key is not null && _types.TryGetValue(key, out var t) ? t : null;

    public IFieldType Get(string key) => Find(key) ?? throw new KeyNotFoundException($"No field type '{key}'.");

    /// <summary>The registry with every built-in type.</summary>
    public static FieldTypeRegistry Default { get; } = new(
    [
        new TextFieldType(),
        new TextareaFieldType(),
        new DropdownFieldType(),
        new CheckboxFieldType(),
        new DateFieldType(),
        new NumberFieldType(),
        new NestedFieldType(),
    ]);
}
