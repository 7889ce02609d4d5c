using System.Buffers;
using System.Text;
using System.Text.Json;
using Rolodesk.Server.Features.Access;

namespace Rolodesk.Server.Features.ContactFields.Values;

/// <summary>
/// Writes a card's <c>customFields</c> object straight from the stored document: the same fields,
/// in the same order, as <see cref="CardFields.Visible"/> (the same <see cref="CardFields.Shows"/>
/// decides), but each value's UTF-8 is copied as it is stored instead of being parsed into a model
/// and serialized again — that round trip was most of a 50-value card read's cost.
/// </summary>
public static class CardFieldsJson
{
    public static void WriteVisible(
        Utf8JsonWriter json, FieldCatalog catalog, UserAccess actor, IReadOnlyCollection<int> cardGroupIds, string? document)
    {
        var fields = catalog.Fields;
        var byteCount = string.IsNullOrEmpty(document) ? 0 : Encoding.UTF8.GetMaxByteCount(document.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(byteCount, 1));
        // Per field position: where its stored value starts in bytes and how long it is (0 = no value).
        var ranges = ArrayPool<(int Start, int Length)>.Shared.Rent(Math.Max(fields.Count, 1));
        try
        {
            Array.Clear(ranges, 0, fields.Count);
            var length = byteCount == 0 ? 0 : Encoding.UTF8.GetBytes(document, bytes);
            if (length > 0) Locate(bytes.AsSpan(0, length), catalog, ranges);
            json.WriteStartObject();
            for (var i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                if (!CardFields.Shows(catalog, field, actor, cardGroupIds)) continue;
                json.WritePropertyName(field.Key);
                var (start, len) = ranges[i];
                // The reader below has validated the document: no need to validate each value again.
                if (len > 0) json.WriteRawValue(bytes.AsSpan(start, len), skipInputValidation: true);
                else json.WriteNullValue();
            }
            json.WriteEndObject();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<(int, int)>.Shared.Return(ranges);
        }
    }

    /// <summary>Finds each known key's value in the document (a later duplicate wins, as in <see cref="CardDocument.Parse"/>).</summary>
    private static void Locate(ReadOnlySpan<byte> document, FieldCatalog catalog, (int Start, int Length)[] ranges)
    {
        var reader = new Utf8JsonReader(document);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
        Span<char> name = stackalloc char[128];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyLength = reader.HasValueSequence || reader.ValueSpan.Length > name.Length ? -1 : reader.CopyString(name);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var position = keyLength < 0 ? -1 : catalog.PositionOf(name[..keyLength]);
            // Stored documents hold no nulls, but a null is no value either way.
            if (position >= 0 && reader.TokenType != JsonTokenType.Null) ranges[position] = (start, (int)reader.BytesConsumed - start);
        }
    }
}
