using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Values;

/// <summary>
/// What definition changes do to stored values: a purge removes them, a type change converts
/// them or is refused. Both run inside the definition change's transaction; the card changes go
/// through the change tracker and are saved by the caller's SaveChanges.
/// </summary>
public static class FieldValues
{
    /// <summary>Removes the field's key from every card of its target and drops its index rows.</summary>
    public static async Task PurgeAsync(RolodeskDbContext db, CustomField field, CancellationToken ct)
    {
        await db.Set<CustomFieldIndex>().Where(r => r.FieldId == field.Id).ExecuteDeleteAsync(ct);
        foreach (var card in await HoldersAsync(db, field.Target, field.Key, ct))
        {
            var values = CardDocument.Parse(card.Document);
            if (values.Remove(field.Key)) card.Set(CardDocument.Serialize(values));
        }
    }

    /// <summary>
    /// Converts every stored value of <paramref name="field"/> (still holding its old type and
    /// settings) to <paramref name="to"/>, rewriting documents and index rows; or, if any value
    /// does not convert losslessly, changes nothing and returns a 409 naming the cards.
    /// </summary>
    public static async Task<ProblemHttpResult?> ConvertAsync(
        RolodeskDbContext db, CustomField field, IFieldType? from, IFieldType to, string toSettingsJson, CancellationToken ct)
    {
        var fromSettings = JsonSerializer.Deserialize<JsonElement>(field.Settings);
        var toSettings = JsonSerializer.Deserialize<JsonElement>(toSettingsJson);
        var refused = new List<int>();
        var pending = new List<(Holder Card, Dictionary<string, JsonElement> Values, JsonElement Value)>();
        foreach (var card in await HoldersAsync(db, field.Target, field.Key, ct))
        {
            var values = CardDocument.Parse(card.Document);
            if (!values.TryGetValue(field.Key, out var value)) continue;
            if (from is null || !to.TryConvertFrom(from, value, fromSettings, toSettings, out var converted)) refused.Add(card.Id);
            else
            {
                CardDocument.Set(values, field.Key, converted);
                pending.Add((card, values, converted));
            }
        }
        if (refused.Count > 0)
        {
            var which = string.Join(", ", refused.Order().Take(10)) + (refused.Count > 10 ? ", …" : "");
            return Problems.Conflict("Stored values do not convert to the new type.",
                $"{refused.Count} stored value(s) of '{field.Key}' cannot become a {to.DisplayName} without loss " +
                $"({FieldRules.TargetName(field.Target)} {which}). Change or clear them first, or keep the type.");
        }

        await db.Set<CustomFieldIndex>().Where(r => r.FieldId == field.Id).ExecuteDeleteAsync(ct);
        foreach (var (card, values, value) in pending)
        {
            card.Set(CardDocument.Serialize(values));
            db.AddRange(CardIndex.Rows(field.Id, to.ToIndexed(value, toSettings), field.Target, card.Id));
        }
        return null;
    }

    private sealed record Holder(int Id, string? Document, Action<string?> Set);

    /// <summary>The tracked cards whose document may hold the key (a text pre-filter; the JSON decides).</summary>
    private static async Task<List<Holder>> HoldersAsync(RolodeskDbContext db, FieldTarget target, string key, CancellationToken ct)
    {
        var marker = CardDocument.Marker(key);
        if (target == FieldTarget.Users)
        {
            var users = await db.Users.Where(u => u.CustomFields != null && u.CustomFields.Contains(marker)).ToListAsync(ct);
            return [.. users.Select(u => new Holder(u.Id, u.CustomFields, d => u.CustomFields = d))];
        }
        var companies = await db.Companies.Where(c => c.CustomFields != null && c.CustomFields.Contains(marker)).ToListAsync(ct);
        return [.. companies.Select(c => new Holder(c.Id, c.CustomFields, d => c.CustomFields = d))];
    }
}
