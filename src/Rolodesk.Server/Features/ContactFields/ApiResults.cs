using Microsoft.AspNetCore.Http.HttpResults;
using Rolodesk.Server.Infrastructure;

namespace Rolodesk.Server.Features.ContactFields;

/// <summary>Turns a writer's outcome into the endpoint's typed result.</summary>
internal static class ApiResults
{
    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Ok<T>(WriteResult<T> outcome) =>
        outcome.Errors is { } e ? e.ToProblem() : outcome.Problem is { } p ? p : TypedResults.Ok(outcome.Value!);

    public static Results<Created<T>, ValidationProblem, ProblemHttpResult> Created<T>(WriteResult<T> outcome, Func<T, string> location) =>
        outcome.Errors is { } e ? e.ToProblem() : outcome.Problem is { } p ? p : TypedResults.Created(location(outcome.Value!), outcome.Value);

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> NoContent<T>(WriteResult<T> outcome) =>
        outcome.Errors is { } e ? e.ToProblem() : outcome.Problem is { } p ? p : TypedResults.NoContent();
}
