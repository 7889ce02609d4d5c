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
            return Problems.Conflict("Stored values do not convert to the new type.",
                $"{refused.Count} stored value(s) of '{field.Key}' cannot become a {to.DisplayName} without loss " +
                $"({Cards(field.Target, refused)}). Change or clear them first, or keep the type.");

        await db.Set<CustomFieldIndex>().Where(r => r.FieldId == field.Id).ExecuteDeleteAsync(ct);
        foreach (var (card, values, value) in pending)
        {
            card.Set(CardDocument.Serialize(values));
            db.AddRange(CardIndex.Rows(field.Id, to.ToIndexed(value, toSettings), field.Target, card.Id, card.SortKey));
        }
        return null;
    }

    /// <summary>
    /// Refuses (409) new settings of the same type under which a stored value would lose its meaning
    /// (an option removed while cards hold it); archiving the option is the way that keeps them readable.
    /// </summary>
    public static async Task<ProblemHttpResult?> CheckKeptAsync(
        RolodeskDbContext db, CustomField field, IFieldType type, string toSettingsJson, CancellationToken ct)
    {
        var toSettings = JsonSerializer.Deserialize<JsonElement>(toSettingsJson);
        var marker = CardDocument.Marker(field.Key);
        var documents = field.Target == FieldTarget.Users
            ? await db.Users.AsNoTracking().Where(u => u.CustomFields != null && u.CustomFields.Contains(marker)).Select(u => new { u.Id, u.CustomFields }).ToListAsync(ct)
            : await db.Companies.AsNoTracking().Where(c => c.CustomFields != null && c.CustomFields.Contains(marker)).Select(c => new { c.Id, c.CustomFields }).ToListAsync(ct);
        var lost = documents.Where(d => CardDocument.Parse(d.CustomFields).TryGetValue(field.Key, out var v) && !type.Keeps(v, toSettings))
            .Select(d => d.Id).ToList();
        return lost.Count == 0 ? null : Problems.Conflict("Stored values use options these settings remove.",
            $"{lost.Count} stored value(s) of '{field.Key}' refer to options missing from the new settings ({Cards(field.Target, lost)}). " +
            "Archive those options instead (archived options stay readable on the cards that hold them), or change those cards first.");
    }

    private static string Cards(FieldTarget target, List<int> ids) =>
        FieldRules.TargetName(target) + " " + string.Join(", ", ids.Order().Take(10)) + (ids.Count > 10 ? ", …" : "");

    private sealed record Holder(int Id, string SortKey, string? Document, Action<string?> Set);

    /// <summary>The tracked cards whose document may hold the key (a text pre-filter; the JSON decides).</summary>
    private static async Task<List<Holder>> HoldersAsync(RolodeskDbContext db, FieldTarget target, string key, CancellationToken ct)
    {
        var marker = CardDocument.Marker(key);
        if (target == FieldTarget.Users)
        {
            var users = await db.Users.Where(u => u.CustomFields != null && u.CustomFields.Contains(marker)).ToListAsync(ct);
            return [.. users.Select(u => new Holder(u.Id, u.NormalizedName, u.CustomFields, d => u.CustomFields = d))];
        }
        var companies = await db.Companies.Where(c => c.CustomFields != null && c.CustomFields.Contains(marker)).ToListAsync(ct);
        return [.. companies.Select(c => new Holder(c.Id, c.NormalizedName, c.CustomFields, d => c.CustomFields = d))];
    }
}
