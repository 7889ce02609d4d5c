using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Rolodesk.Data.ContactFields;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields;

/// <summary>The small rules shared by field groups and fields: names, targets, keys, access levels.</summary>
public static partial class FieldRules
{
    public const int NameMax = 100;
    public const int KeyMax = 64;

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();

    public static string? Name(string? name, ValidationErrors errors, string path = "name")
    {
        var clean = name?.Trim();
        if (string.IsNullOrEmpty(clean)) errors.Add(path, "Required.");
        else if (clean.Length > NameMax) errors.Add(path, $"At most {NameMax} characters.");
        else if (clean.Any(char.IsControl)) errors.Add(path, "Must not contain control characters such as line breaks.");
        else return clean;
        return null;
    }

    public static FieldTarget? ParseTarget(string? target) => target?.ToLowerInvariant() switch
    {
        "users" => FieldTarget.Users,
        "companies" => FieldTarget.Companies,
        _ => null,
    };

    public static string TargetName(FieldTarget target) => target == FieldTarget.Users ? "users" : "companies";

    public const string TargetMessage = "Must be 'users' or 'companies'.";

    public static bool KeyIsValid(string key, ValidationErrors errors)
    {
        if (key.Length > KeyMax) errors.Add("key", $"At most {KeyMax} characters.");
        else if (!KeyPattern().IsMatch(key)) errors.Add("key", "Lowercase ASCII letters, digits and '_', starting with a letter.");
        else return true;
        return false;
    }

    /// <summary>
    /// A key derived from a name: accents dropped, lowercase ASCII words joined by '_'. Room is
    /// left for a "_99" suffix so that making it unique never breaks the length limit.
    /// </summary>
    public static string Slug(string? name)
    {
        var sb = new StringBuilder();
        foreach (var c in (name ?? "").Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterLower(lower) || char.IsAsciiDigit(lower)) sb.Append(lower);
            else if (sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        }
        var slug = sb.ToString().Trim('_');
        if (slug.Length == 0 || !char.IsAsciiLetterLower(slug[0])) slug = "field_" + slug;
        return slug[..Math.Min(slug.Length, KeyMax - 6)].TrimEnd('_');
    }

    /// <summary>The slug itself when free, else the first free of slug_2, slug_3, …</summary>
    public static string MakeUnique(string slug, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(slug)) return slug;
        for (var n = 2; ; n++)
            if (!taken.Contains($"{slug}_{n}")) return $"{slug}_{n}";
    }

    public static FieldAccessLevel? ParseLevel(string? level) => level?.ToLowerInvariant() switch
    {
        "display" => FieldAccessLevel.Display,
        "edit" => FieldAccessLevel.Edit,
        "mandatory" => FieldAccessLevel.Mandatory,
        _ => null,
    };

    public static string LevelName(FieldAccessLevel level) => level.ToString().ToLowerInvariant();
}

internal static class Ordering
{
    /// <summary>Whether <paramref name="ids"/> lists every one of <paramref name="existing"/> exactly once and nothing else.</summary>
    public static bool IsPermutation(IReadOnlyCollection<int> ids, IEnumerable<int> existing)
    {
        var set = existing.ToHashSet();
        return ids.Count == set.Count && ids.Distinct().Count() == ids.Count && ids.All(set.Contains);
    }
}
