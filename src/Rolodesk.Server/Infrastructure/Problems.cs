using Microsoft.AspNetCore.Http.HttpResults;

namespace Rolodesk.Server.Infrastructure;

/// <summary>Collects validation errors keyed by JSON path, so a client sees all of them at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IReadOnlyDictionary<string, List<string>> All => _errors;

    public ValidationErrors Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
        list.Add(message);
        return this;
    }

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
            title: "One or more fields are invalid.");
}

/// <summary>Problem details for the common non-validation outcomes.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what, object id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found.",
            detail: $"There is no {what.ToLowerInvariant()} with id {id}.");

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: detail);
}

/// <summary>
/// The outcome of a write shared by the API and the UI: the saved value, or the validation
/// errors, or another problem (403, 404, 409). Exactly one is set.
/// </summary>
public sealed record WriteResult<T>(T? Value, ValidationErrors? Errors = null, ProblemHttpResult? Problem = null)
{
    public static implicit operator WriteResult<T>(ValidationErrors errors) => new(default, errors);
    public static implicit operator WriteResult<T>(ProblemHttpResult problem) => new(default, null, problem);

    public bool Succeeded => Errors is null && Problem is null;

    /// <summary>Human-readable messages, for the UI.</summary>
    public IEnumerable<string> Messages =>
        Errors?.All.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))
        ?? (Problem is { } p ? [p.ProblemDetails.Detail ?? p.ProblemDetails.Title ?? "Refused."] : []);
}
