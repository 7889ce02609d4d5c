using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Values;

namespace Rolodesk.Server.Features.Contacts;

/// <summary>
/// The JSON of <see cref="UserResponse"/> for one card, written by hand from a <see cref="UserCardRow"/>
/// with the custom field values copied from the stored document (<see cref="CardFieldsJson"/>).
/// Same contract as the serializer's output (names, order, formats: <c>UserCardJsonTests</c> compare them).
/// </summary>
public static class UserCardJson
{
    public static void Write(Utf8JsonWriter json, UserCardRow card, FieldCatalog catalog, UserAccess actor)
    {
        json.WriteStartObject();
        json.WriteNumber("id"u8, card.Id);
        json.WriteString("name"u8, card.Name);
        json.WriteString("email"u8, card.Email);
        json.WriteString("phone"u8, card.Phone);
        if (card.Company is { } company)
        {
            json.WriteStartObject("company"u8);
            json.WriteNumber("id"u8, company.Id);
            json.WriteString("name"u8, company.Name);
            json.WriteEndObject();
        }
        else json.WriteNull("company"u8);
        json.WriteStartArray("groups"u8);
        var isAgent = false;
        foreach (var g in catalog.GroupsOf(card.GroupIds))
        {
            isAgent |= g.Kind == "agents";
            json.WriteStartObject();
            json.WriteNumber("id"u8, g.Id);
            json.WriteString("name"u8, g.Name);
            json.WriteString("kind"u8, g.Kind);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteBoolean("isAgent"u8, isAgent);
        json.WriteBoolean("canSignIn"u8, card.CanSignIn);
        json.WriteString("createdAt"u8, card.CreatedAt);
        json.WriteString("updatedAt"u8, card.UpdatedAt);
        json.WritePropertyName("customFields"u8);
        CardFieldsJson.WriteVisible(json, catalog, actor, card.GroupIds, card.Document);
        json.WriteEndObject();
    }

    /// <summary>A 200 with the card's JSON, sent with a Content-Length (one write, no chunking).</summary>
    public static IResult Ok(UserCardRow card, FieldCatalog catalog, UserAccess actor) => new CardResult(card, catalog, actor);

    private sealed class CardResult(UserCardRow card, FieldCatalog catalog, UserAccess actor) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            // The app's encoder (ASP.NET Core's JSON options escape less than the writer's default).
            var encoder = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.Encoder;
            await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder })) Write(json, card, catalog, actor);
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = buffer.WrittenCount;
            await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
        }
    }
}
