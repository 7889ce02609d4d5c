using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>
/// The JSON of a <see cref="UserListPage"/> written by hand from <see cref="UserCardRow"/>s: each item as
/// <see cref="UserCardJson"/> writes a card (values copied from the stored document, the actor's visible fields
/// only), so a page of 50 cards with 50 values each is not parsed into models and serialized again.
/// Same contract as the serializer's output of the page (<c>UserListJsonTests</c> compare them).
/// </summary>
public static class UserListJson
{
    public static void Write(Utf8JsonWriter json, IReadOnlyList<UserCardRow> rows, FieldCatalog catalog, UserAccess actor, int page, int pageSize, int? total)
    {
        json.WriteStartObject();
        json.WriteStartArray("items"u8);
        foreach (var row in rows) UserCardJson.Write(json, row, catalog, actor);
        json.WriteEndArray();
        json.WriteNumber("pageNumber"u8, page);
        json.WriteNumber("pageSize"u8, pageSize);
        if (total is { } t) json.WriteNumber("total"u8, t);
        else json.WriteNull("total"u8);
        json.WriteEndObject();
    }

    /// <summary>The page's JSON as UTF-8 bytes, with the given encoder (the app's, so escaping matches the serializer's).</summary>
    public static ArrayBufferWriter<byte> Render(
        IReadOnlyList<UserCardRow> rows, FieldCatalog catalog, UserAccess actor, int page, int pageSize, int? total, JavaScriptEncoder? encoder)
    {
        // Sized for the page at once (the documents' UTF-16 length is close to their UTF-8 length, plus the card
        // columns): growing from a small buffer allocated and copied the page's JSON several times over.
        var size = 1024;
        foreach (var row in rows) size += 512 + (row.Document?.Length ?? 0);
        var buffer = new ArrayBufferWriter<byte>(size);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder });
        Write(json, rows, catalog, actor, page, pageSize, total);
        json.Flush();
        return buffer;
    }

    /// <summary>A 200 with the page's JSON, sent with a Content-Length.</summary>
    public static IResult Ok(IReadOnlyList<UserCardRow> rows, FieldCatalog catalog, UserAccess actor, int page, int pageSize, int? total) =>
        new PageResult(rows, catalog, actor, page, pageSize, total);

    private sealed class PageResult(IReadOnlyList<UserCardRow> rows, FieldCatalog catalog, UserAccess actor, int page, int pageSize, int? total) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var encoder = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.Encoder;
            var buffer = Render(rows, catalog, actor, page, pageSize, total, encoder);
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = buffer.WrittenCount;
            await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
        }
    }
}
