using System.Text.RegularExpressions;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.Statuses;

/// <summary>Validation shared by the catalog writer and the change endpoints.</summary>
internal static partial class StatusRules
{
    public const int MaxName = 50;
    public const int MaxReason = 500;

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex ColorPattern();

    public static string? Name(string? name, ValidationErrors errors)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed)) errors.Add("name", "Required.");
        else if (trimmed.Length > MaxName) errors.Add("name", $"At most {MaxName} characters.");
        else return trimmed;
        return null;
    }

    /// <summary>Upper-case hex, so "#ff0000" and "#FF0000" are the same colour everywhere.</summary>
    public static string? Color(string? color, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(color)) errors.Add("color", "Required.");
        else if (!ColorPattern().IsMatch(color)) errors.Add("color", "Must be a colour as #RRGGBB, e.g. #2E7D32.");
        else return color.ToUpperInvariant();
        return null;
    }

    /// <summary>Empty and blank reasons are no reason.</summary>
    public static string? Reason(string? reason, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(reason)) return null;
        if (reason.Length > MaxReason) errors.Add("reason", $"At most {MaxReason} characters.");
        return reason.Trim();
    }
}
