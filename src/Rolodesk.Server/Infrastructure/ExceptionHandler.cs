using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Rolodesk.Server.Infrastructure;

/// <summary>
/// Turns the exceptions that are the client's doing (unreadable JSON, a lost race on a unique
/// key or a serialisable transaction) into problem details; everything else is a bug and is
/// logged as one, answered with a 500 that carries the trace id.
/// </summary>
public sealed class ExceptionHandler(IProblemDetailsService problems, ILogger<ExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = Classify(exception);
        if (status == StatusCodes.Status500InternalServerError)
            log.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static (int, string, string?) Classify(Exception e) => e switch
    {
        BadHttpRequestException { InnerException: JsonException json } =>
            (400, "The request body is not valid JSON for this endpoint.", json.Message),
        BadHttpRequestException bad when bad.StatusCode == 413 =>
            (413, "The request body is too large.", bad.Message),
        BadHttpRequestException bad => (bad.StatusCode, "The request is not valid.", bad.Message),
        DbUpdateConcurrencyException =>
            (409, "The record was changed by someone else.", "Reload it and apply your change again."),
        DbUpdateException { InnerException: SqliteException { SqliteErrorCode: 19 } } or
        DbUpdateException { InnerException: PostgresException { SqlState: "23505" or "23503" } } =>
            (409, "The change conflicts with existing data.", "A unique value is already taken or a referenced record is gone."),
        PostgresException { SqlState: "40001" or "40P01" } or
        InvalidOperationException { InnerException: PostgresException { SqlState: "40001" or "40P01" } } =>
            (409, "The change collided with a simultaneous change.", "Try again."),
        _ => (500, "An unexpected error occurred.", null),
    };
}
