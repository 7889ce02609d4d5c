namespace Rolodesk.Server.Components.Pages.ContactFields;

/// <summary>Small helpers shared by the Contact fields components.</summary>
internal static class Ui
{
    /// <summary>
    /// A stable hook for browser tests, passed to Mud components as UserAttributes; other HTML
    /// attributes must share the dictionary (a component refuses both it and loose attributes).
    /// </summary>
    public static Dictionary<string, object> TestId(string id, string? ariaLabel = null)
    {
        var attributes = new Dictionary<string, object> { ["data-testid"] = id };
        if (ariaLabel is not null) attributes["aria-label"] = ariaLabel;
        return attributes;
    }

    /// <summary>The messages under a form field for a JSON path, or null.</summary>
    public static string? Error(this IReadOnlyDictionary<string, List<string>>? errors, string path) =>
        errors is not null && errors.TryGetValue(path, out var m) ? string.Join(" ", m) : null;
}
