using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rolodesk.Data;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Features.Access;
using Rolodesk.Server.Features.ContactFields.Types;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields;

/// <summary>
/// Every write to a custom field definition, for the API and the Contact fields page alike.
/// The type (from the registry) validates settings and default value; each change is saved
/// together with its audit row. A type change is allowed only if every stored value converts
/// without loss (Values/FieldValues), and then rewrites the values in the same transaction.
/// </summary>
public sealed partial class FieldWriter(RolodeskDbContext db, FieldTypeRegistry types, TimeProvider time)
{
    private sealed record Definition(string Name, FieldGroup Group, string Type, string Settings, string? DefaultValue, List<CustomFieldAccess>? Access);

    public async Task<WriteResult<FieldResponse>> CreateAsync(FieldRequest body, UserAccess actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var definition = await ValidateAsync(body, null, errors, ct);
        if (body.Key is not null && FieldRules.KeyIsValid(body.Key, errors))
        {
            // Checked even when the rest is invalid, so that every error comes back at once.
            var target = definition?.Group.Target
                ?? await db.FieldGroups.Where(g => g.Id == body.FieldGroupId).Select(g => (FieldTarget?)g.Target).SingleOrDefaultAsync(ct);
            if (target is { } t && await db.CustomFields.AnyAsync(f => f.Target == t && f.Key == body.Key, ct))
                errors.Add("key", $"Another {FieldRules.TargetName(t)} field, perhaps archived, has the key '{body.Key}'.");
        }
        if (errors.Any || definition is null) return errors;

        var now = time.GetUtcNow();
        var field = new CustomField
        {
            Key = body.Key ?? await ProposeKeyAsync(definition.Name, definition.Group.Target, ct),
            Name = definition.Name,
            Type = definition.Type,
            CreatedAt = now,
        };
        await PlaceAsync(field, definition.Group, ct);
        Apply(field, definition, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.CustomFields.Add(field);
        await db.SaveChangesAsync(ct);
        FieldAudit.Add(db, actor.UserId, now, FieldAudit.Field, field.Id, "created", null, field.ToResponse());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(field.ToResponse());
    }

    /// <summary>Replaces a definition; properties absent from the body stay as they are. Changing the group moves the field, values included.</summary>
    public async Task<WriteResult<FieldResponse>> UpdateAsync(int id, FieldRequest body, UserAccess actor, CancellationToken ct)
    {
        var field = await db.FieldsWithAccess().SingleOrDefaultAsync(f => f.Id == id, ct);
        if (field is null) return Problems.NotFound("Custom field", id);
        var errors = new ValidationErrors();
        if (body.Key is not null && body.Key != field.Key)
            errors.Add("key", $"The key of a field is immutable; this one is '{field.Key}'.");
        var definition = await ValidateAsync(body, field, errors, ct);
        if (errors.Any || definition is null) return errors;

        var before = field.ToResponse();
        // A type change converts every stored value in the same transaction, or is refused whole;
        // new settings of the same type are refused while a stored value would lose its option.
        var typeChanged = definition.Type != field.Type;
        var settingsChanged = !typeChanged && definition.Settings != field.Settings;
        await using var tx = typeChanged || settingsChanged ? await db.Database.BeginTransactionAsync(ct) : null;
        if (typeChanged && await Values.FieldValues.ConvertAsync(db, field, types.Find(field.Type), types.Get(definition.Type), definition.Settings, ct) is { } refused)
            return refused;
        if (settingsChanged && await Values.FieldValues.CheckKeptAsync(db, field, types.Get(definition.Type), definition.Settings, ct) is { } lost)
            return lost;
        var moved = definition.Group.Id != field.FieldGroupId;
        if (moved)
        {
            // Before the move is saved: its index rows may now lie outside the new group's audience (ADR 0012).
            if (field.Target == FieldTarget.Users) await Values.HiddenValues.FieldMovesAsync(db, field.Id, ct);
            await PlaceAsync(field, definition.Group, ct);
        }
        Apply(field, definition, time.GetUtcNow());
        var saved = await SaveAsync(field, moved ? "moved" : "updated", before, actor, ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return saved;
    }

    /// <summary>The key a new field with this name would get: its slug, made unique with _2, _3, … among every field of the target.</summary>
    public async Task<string> ProposeKeyAsync(string? name, FieldTarget target, CancellationToken ct)
    {
        var slug = FieldRules.Slug(name);
        var taken = await db.CustomFields.Where(f => f.Target == target && f.Key.StartsWith(slug)).Select(f => f.Key).ToListAsync(ct);
        return FieldRules.MakeUnique(slug, taken.ToHashSet(StringComparer.Ordinal));
    }

    private async Task<Definition?> ValidateAsync(FieldRequest body, CustomField? existing, ValidationErrors errors, CancellationToken ct)
    {
        var name = FieldRules.Name(body.Name, errors);
        var group = await GroupAsync(body.FieldGroupId ?? existing?.FieldGroupId, existing, errors, ct);
        var access = await AccessAsync(body.Access, errors, ct);
        var typeKey = body.Type ?? existing?.Type;
        var type = types.Find(typeKey);
        if (type is null)
        {
            errors.Add("type", typeKey is null ? "Required. See /api/v1/field-types." : $"Unknown field type '{typeKey}'. See /api/v1/field-types.");
            return null;
        }

        var typeChanged = existing is not null && existing.Type != type.Key;
        var rawSettings = body.Settings.ValueKind switch
        {
            JsonValueKind.Undefined => existing is null || typeChanged ? null : Parse(existing.Settings),
            JsonValueKind.Null => (JsonElement?)null,
            _ => body.Settings,
        };
        var settings = type.ValidateSettings(rawSettings, errors, "settings");
        var defaultValue = settings is { } s ? DefaultValue(body.DefaultValue, existing, type, s, errors) : null;
        if (errors.Any || name is null || group is null) return null;
        return new Definition(name, group, type.Key, settings!.Value.GetRawText(), defaultValue, access);
    }

    private string? DefaultValue(JsonElement raw, CustomField? existing, IFieldType type, JsonElement settings, ValidationErrors errors)
    {
        JsonElement value;
        if (raw.ValueKind == JsonValueKind.Undefined)
        {
            if (existing?.DefaultValue is null) return null;
            value = Parse(existing.DefaultValue);
            if (existing.Type != type.Key)
            {
                // A type change keeps the default only if it converts without loss, like every stored value.
                var from = types.Find(existing.Type);
                if (from is null || !type.TryConvertFrom(from, value, Parse(existing.Settings), settings, out value))
                {
                    errors.Add("defaultValue", $"The current default value does not convert to a {type.DisplayName}; send a new one, or null.");
                    return null;
                }
            }
        }
        else value = raw;
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (!type.SupportsDefault)
        {
            errors.Add("defaultValue", $"A field of type '{type.Key}' has no default value.");
            return null;
        }
        return type.ValidateValue(value, settings, errors, "defaultValue") is { ValueKind: not JsonValueKind.Null } normalised
            ? normalised.GetRawText()
            : null;
    }
}
