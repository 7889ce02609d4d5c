using System.Text.Json;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>The JSON shape of a <see cref="CellValue"/>: what the card document stores.</summary>
public enum CellKind : byte { String, Number, Boolean, Path }

/// <summary>
/// A value parsed from a CSV cell by a type's fast path (<see cref="IFieldType.TryParseCell"/>):
/// the stored value and its filter index projection in one step, without a JsonElement per value.
/// Only values the type is sure are valid come out of it; everything else (errors included) goes
/// through <see cref="IFieldType.ParseText(string, object, Infrastructure.ValidationErrors, string, JsonElement?)"/>,
/// so the rules and messages stay in one place. A contract test holds both paths to the same result.
/// </summary>
public readonly record struct CellValue(CellKind Kind, string? Text, decimal Number, bool Bool, string[]? Path, IndexedValue Index)
{
    public static CellValue String(string text, IndexedValue index) => new(CellKind.String, text, 0, false, null, index);

    /// <summary>Writes the stored value as the serializer writes the slow path's JsonElement (same writer options give the same bytes).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case CellKind.String: writer.WriteStringValue(Text); break;
            case CellKind.Number: writer.WriteNumberValue(Number); break;
            case CellKind.Boolean: writer.WriteBooleanValue(Bool); break;
            default:
                writer.WriteStartArray();
                foreach (var id in Path!) writer.WriteStringValue(id);
                writer.WriteEndArray();
                break;
        }
    }

    /// <summary>The stored value as a JsonElement (tests, and callers outside the bulk path).</summary>
    public JsonElement ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Options.Encoder })) WriteTo(writer);
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }
}
