using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Rolodesk.Server.Features.Contacts;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Components.Pages.Contacts;

/// <summary>The editable state of a user form; mutable because Mud inputs bind to it.</summary>
public sealed class UserFormModel
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public CompanyRef? Company { get; set; }
    public IReadOnlyCollection<int> GroupIds { get; set; } = [];
    /// <summary>Empty means "no password" on create and "keep it" on update.</summary>
    public string? Password { get; set; }

    public static UserFormModel From(UserResponse u) => new()
    {
        Name = u.Name,
        Email = u.Email,
        Phone = u.Phone,
        Company = u.Company,
        GroupIds = u.Groups.Select(g => g.Id).ToList(),
    };

    public UserRequest ToRequest(Dictionary<string, JsonElement>? customFields = null) =>
        new(Name, Email, Phone, Company?.Id, GroupIds.ToList(), string.IsNullOrEmpty(Password) ? null : Password, customFields);
    public MeRequest ToMe(Dictionary<string, JsonElement>? customFields = null) => new(Name, Email, Phone, customFields);
}

public sealed class CompanyFormModel
{
    public string? Name { get; set; }
    public string? Domain { get; set; }
    public string? Notes { get; set; }

    public static CompanyFormModel From(CompanyResponse c) => new() { Name = c.Name, Domain = c.Domain, Notes = c.Notes };
    public CompanyRequest ToRequest(Dictionary<string, JsonElement>? customFields = null) => new(Name, Domain, Notes, customFields);
}

/// <summary>
/// A write's outcome laid out for a form: validation errors next to the field their JSON path
/// names, everything else (403, 404, 409, errors of fields the form lacks) in one alert.
/// </summary>
public sealed class FieldErrors
{
    private IReadOnlyDictionary<string, List<string>> _fields = new Dictionary<string, List<string>>();

    public IReadOnlyList<string> Alert { get; private set; } = [];

    public void Clear() => (_fields, Alert) = (new Dictionary<string, List<string>>(), []);

    /// <summary>
    /// Messages for a field; "groupIds" also collects "groupIds[0]", and "customFields.size"
    /// collects "customFields.size.width", and the like.
    /// </summary>
    public string? this[string field] =>
        _fields.Where(e => Under(e.Key, field)).SelectMany(e => e.Value).ToList()
            is { Count: > 0 } m ? string.Join(" ", m) : null;

    public bool Has(string field) => this[field] is not null;

    /// <summary>Shows the outcome; true when the write succeeded.</summary>
    public bool Show<T>(WriteResult<T> result, params string[] formFields)
    {
        Clear();
        if (result.Problem is { } p) return Show(p);
        if (result.Errors is not { } e) return true;
        _fields = e.All;
        Alert = e.All.Where(x => !formFields.Any(f => Under(x.Key, f)))
            .SelectMany(x => x.Value.Select(m => $"{x.Key}: {m}")).ToList();
        return false;
    }

    private static bool Under(string path, string field) =>
        path == field || (path.StartsWith(field, StringComparison.Ordinal) && path[field.Length] is '[' or '.');

    public bool Show(ProblemHttpResult? problem)
    {
        Clear();
        if (problem is null) return true;
        Alert = [string.Join(" ", new[] { problem.ProblemDetails.Title, problem.ProblemDetails.Detail }.Where(s => s is not null))];
        return false;
    }
}
