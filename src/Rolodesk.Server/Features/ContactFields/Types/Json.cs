using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Rolodesk.Server.Features.ContactFields.Types;

/// <summary>JSON helpers shared by the field types: serializer options, paths, strict readers of strings and numbers.</summary>
public static partial class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonElement Null = JsonSerializer.SerializeToElement<object?>(null);

    public static JsonElement From<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Item(string path, int index) => $"{path}[{index}]";

    /// <summary>Option ids: stable, URL- and path-safe (never "/", which joins nested index paths).</summary>
    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    public static partial Regex OptionId();

    /// <summary>
    /// A JSON string as .NET text, or an error: lone surrogates cannot be stored, and PostgreSQL
    /// refuses NUL in text and jsonb.
    /// </summary>
    public static string? ReadString(JsonElement e, out string? error)
    {
        error = null;
        if (e.ValueKind != JsonValueKind.String) { error = "Must be a string."; return null; }
        string s;
        try { s = e.GetString()!; }
        catch (InvalidOperationException) { error = "Must be valid Unicode text."; return null; } // the reader's only signal for lone surrogates
        if (s.Contains('\0')) { error = "Must not contain NUL characters."; return null; }
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) { error = "Must be valid Unicode text."; return null; }
        }
        return s;
    }

    /// <summary>
    /// A JSON number read exactly as a decimal, judged on its text (never through double): refused
    /// when it has more decimals than <paramref name="maxDecimals"/> or a magnitude of
    /// <see cref="NumberLimit"/> or more, so the decimal parsed is exact.
    /// </summary>
    public static decimal? ReadDecimal(JsonElement e, int maxDecimals, out string? error)
    {
        if (e.ValueKind != JsonValueKind.Number) return Fail("Must be a number.", out error);
        // Fast path: plain integers (no point, no exponent) are exact as long.
        if (e.TryGetInt64(out var whole) && whole > -NumberLimit && whole < NumberLimit)
        {
            error = null;
            return whole;
        }
        return ParseDecimal(e.GetRawText(), maxDecimals, out error);
    }

    /// <summary>Numbers stay below 10^15 so the filter index can hold them exactly on every provider.</summary>
    public const decimal NumberLimit = 1_000_000_000_000_000m;

    public static decimal? ParseDecimal(string text, int maxDecimals, out string? error)
    {
        var m = NumberText().Match(text);
        if (!m.Success) return Fail("Must be a number.", out error);
        var whole = m.Groups[2].Value.TrimStart('0');
        var rawFraction = m.Groups[3].Value;
        var fraction = rawFraction.TrimEnd('0');
        var exponent = m.Groups[4].Success ? (long.TryParse(m.Groups[4].Value, CultureInfo.InvariantCulture, out var x) ? x : 1000) : 0;
        if ((whole + fraction).Trim('0').Length == 0) { error = null; return 0m; }
        if (Math.Abs(exponent) > 100) return Fail(exponent > 0 ? "Must be smaller than 10^15." : DecimalsMessage(maxDecimals), out error);
        long decimals = Math.Max(0, fraction.Length - exponent);
        if (decimals > maxDecimals) return Fail(DecimalsMessage(maxDecimals), out error);
        // Integer digits of the value: above 15 it is 10^15 or more.
        var magnitude = (whole.Length > 0 ? whole.Length : rawFraction.TrimStart('0').Length - rawFraction.Length) + exponent;
        if (magnitude > 15) return Fail("Must be smaller than 10^15.", out error);
        var value = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (Math.Abs(value) >= NumberLimit) return Fail("Must be smaller than 10^15.", out error);
        error = null;
        return value / 1.0000000000000000000000000000m; // drops trailing zeros: 1.50 is stored as 1.5
    }

    /// <summary>"YYYY-MM-DD", a real calendar date.</summary>
    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string Format(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Format(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private static string DecimalsMessage(int max) => max == 0 ? "Must be a whole number." : $"Use at most {max} decimal places.";

    private static decimal? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    [GeneratedRegex(@"^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$")]
    private static partial Regex NumberText();
}
