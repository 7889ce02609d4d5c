using System.Text.Json;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>Settings of text and textarea fields.</summary>
public sealed record StringSettings
{
    public int MaxLength { get; init; }
}

/// <summary>
/// Text and textarea: a string of at most maxLength UTF-16 units (what the browser's maxlength
/// counts) and, for text, a bounded number of lines. Blank text is "no value"; otherwise the text
/// is stored exactly as written (no trimming), so it round-trips.
/// </summary>
public abstract class StringFieldType : FieldType<StringSettings>
{
    /// <summary>The largest and default max length.</summary>
    protected abstract int MaxLengthLimit { get; }

    /// <summary>Most lines allowed, null for any.</summary>
    protected abstract int? MaxLines { get; }

    protected override StringSettings ReadSettings(SettingsReader reader) =>
        new() { MaxLength = reader.Int("maxLength", 1, MaxLengthLimit) ?? MaxLengthLimit };

    protected override JsonElement? Check(JsonElement value, StringSettings settings, ValidationErrors errors, string path)
    {
        var s = Json.ReadString(value, out var error);
        if (s is null)
        {
            errors.Add(path, error!);
            return null;
        }
        if (string.IsNullOrWhiteSpace(s)) return Json.Null;
        if (s.Length > settings.MaxLength) errors.Add(path, $"Use at most {settings.MaxLength:N0} characters.");
        if (MaxLines is { } max && Lines(s) > max) errors.Add(path, $"Use at most {max} lines.");
        return errors.Any ? null : value.Clone();
    }

    /// <summary>Lines as an editor shows them: "\r\n", "\n" and "\r" each end one.</summary>
    public static int Lines(string s)
    {
        var lines = 1;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\r' && i + 1 < s.Length && s[i + 1] == '\n') i++;
            if (s[i] is '\r' or '\n') lines++;
        }
        return lines;
    }

    protected sealed override IndexedValue Index(JsonElement value, StringSettings settings) =>
        Json.ReadString(value, out _) is { } s ? IndexText(s) : IndexedValue.None;

    /// <summary>The index projection of a stored text.</summary>
    protected abstract IndexedValue IndexText(string text);

    protected override bool TryParseFast(string text, StringSettings settings, out CellValue value)
    {
        value = text.Length <= settings.MaxLength && (MaxLines is not { } max || Lines(text) <= max) ? CellValue.String(text, IndexText(text)) : default;
        return value.Text is not null;
    }

    protected override string Format(JsonElement value, StringSettings settings) =>
        Json.ReadString(value, out _) ?? "";

    protected override JsonElement? Parse(string text, StringSettings settings, ValidationErrors errors, string path) => Json.From(text);
}
